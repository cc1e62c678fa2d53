import AsyncDemoCore
import Locking

/// What the probe keeps of a named queue so a dashboard that attaches late is told its present:
/// the capacity and the senders a full queue holds, under one lock with their events (as
/// `ProbeSemaphoreState` explains), and a way to read each queue of the name's depth. Its
/// waiting receivers are tasks waiting on it, which the registry keeps with their states.
final class ProbeQueueState: Sendable {
    private struct State {
        var capacity: Int
        var blockedSenders: [TaskID] = []
        /// Each `ProbeQueue` of this name, read when a dashboard attaches (nil once it is gone).
        var figures: [@Sendable () -> BoundedQueueSnapshot?] = []
    }

    let name: String
    private let ring: EventRing
    private let state: LockedState<State>

    init(name: String, capacity: Int, ring: EventRing) {
        self.name = name
        self.ring = ring
        state = LockedState(State(capacity: capacity))
    }

    func add<Element>(_ queue: BoundedQueue<Element>) {
        state.withLock { $0.figures.append { [weak queue] in queue?.snapshot() } }
    }

    func resized(to capacity: Int) {
        state.withLock { state in
            state.capacity = capacity
            ring.append(.queueResized(capacity: capacity), resource: name)
        }
    }

    func blocked(_ task: TaskID) {
        state.withLock { state in
            state.blockedSenders.append(task)
            ring.append(.producerBlocked(task: task), resource: name)
        }
    }

    func unblocked(_ task: TaskID) {
        state.withLock { state in
            if let index = state.blockedSenders.firstIndex(of: task) { state.blockedSenders.remove(at: index) }
            ring.append(.producerUnblocked(task: task), resource: name)
        }
    }

    /// The queue now: its capacity, a sample of its depth (and items sent and received so far),
    /// and each blocked sender. Returns the cut of its blocked senders and capacity.
    ///
    /// The depth is read outside the lock and has no cut: an item's event carries the depth it
    /// read, and the dashboard shows the latest reading, so an item event just before or after
    /// the sample is no second count of anything.
    func tell(into present: inout ProbePresent) -> UInt64 {
        let (capacity, senders, figures, cut) = state.withLock { state in
            (state.capacity, state.blockedSenders, state.figures, ring.newestSequence)
        }
        // Outside the lock: each reading takes its queue's own lock.
        let readings = figures.compactMap { $0() }
        present.tell(.queueResized(capacity: capacity), resource: name)
        present.tell(.queueSampled(depth: readings.reduce(0) { $0 + $1.depth }, sent: readings.reduce(0) { $0 + $1.sent },
                                   received: readings.reduce(0) { $0 + $1.received }),
                     resource: name)
        for sender in senders { present.tell(.producerBlocked(task: sender), resource: name) }
        return cut
    }
}
