/// The semaphore as the event log tells it: a fold of its permit events. What the Workers gauge
/// shows at an instant (permits, who holds one, who waits in line, in order) is this fold at that
/// instant's sequence number.
public struct PermitsFold: Sendable, Equatable {
    public private(set) var permits: Int
    /// Tasks holding a permit, in the order they were granted one.
    public private(set) var holders: [TaskID] = []
    /// Tasks in line for a permit, first in line first.
    public private(set) var waiters: [TaskID] = []
    public private(set) var grants = 0
    public private(set) var cancellations = 0

    /// - Parameter permits: the permits at the start of the run (its settings).
    public init(permits: Int) {
        self.permits = permits
    }

    public mutating func apply(_ kind: SimulationEvent.Kind) {
        switch kind {
        case .permitRequested(let task): waiters.append(task)
        case .permitGranted(let task, _):
            waiters.removeAll { $0 == task }
            holders.append(task)
            grants += 1
        case .permitReleased(let task): holders.removeAll { $0 == task }
        case .permitRequestCancelled(let task):
            waiters.removeAll { $0 == task }
            cancellations += 1
        case .permitsResized(let permits): self.permits = permits
        default: break
        }
    }
}
