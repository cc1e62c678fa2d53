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
    /// The most permits held at once.
    public private(set) var peakHeld = 0
    /// Who asked when, for the waiters' ages (`apply(_:)` with the event's instant keeps it).
    private var requests: [TaskID: Request] = [:]
    private var requestCount: UInt64 = 0
    /// Bumped by every event that changes the semaphore.
    private var changes: UInt64 = 0

    /// - Parameter permits: the permits at the start of the run (its settings).
    public init(permits: Int) {
        self.permits = permits
    }

    /// Applies `event`, keeping when each waiter asked (which `snapshot(at:)` shows).
    private struct Request: Sendable, Equatable {
        let id: WaiterID
        let at: SimulationInstant
    }

    public mutating func apply(_ event: SimulationEvent) {
        switch event.kind {
        case .permitRequested(let task):
            requestCount += 1
            requests[task] = Request(id: WaiterID(rawValue: requestCount), at: event.at)
        case .permitGranted(let task, _), .permitRequestCancelled(let task): requests[task] = nil
        default: break
        }
        apply(event.kind)
    }

    public mutating func apply(_ kind: SimulationEvent.Kind) {
        switch kind {
        case .permitRequested, .permitGranted, .permitReleased, .permitRequestCancelled, .permitsResized: changes += 1
        default: return
        }
        switch kind {
        case .permitRequested(let task): waiters.append(task)
        case .permitGranted(let task, _):
            waiters.removeAll { $0 == task }
            holders.append(task)
            grants += 1
            peakHeld = max(peakHeld, holders.count)
        case .permitReleased(let task): holders.removeAll { $0 == task }
        case .permitRequestCancelled(let task):
            waiters.removeAll { $0 == task }
            cancellations += 1
        case .permitsResized(let permits): self.permits = permits
        default: break
        }
    }
}

extension PermitsFold {
    /// The semaphore as `AsyncSemaphore.snapshot()` shows it at `now`, for a frame read from the
    /// log. Waiters are numbered in the order they asked, from 1 at the run's start.
    public func snapshot(at now: SimulationInstant, waiterLimit: Int = AsyncSemaphore.waiterDetailLimit) -> SemaphoreSnapshot {
        SemaphoreSnapshot(
            takenAt: now, permits: permits, held: holders.count, available: max(0, permits - holders.count),
            waiterCount: waiters.count,
            waiters: waiters.prefix(waiterLimit).map { task in
                let request = requests[task] ?? Request(id: WaiterID(rawValue: 0), at: now)
                return SemaphoreSnapshot.Waiter(id: request.id, owner: task, since: request.at,
                                                waited: max(.zero, request.at.duration(to: now)))
            },
            holders: holders, totalGrants: grants, cancellations: cancellations, peakHeld: peakHeld, version: changes)
    }
}
