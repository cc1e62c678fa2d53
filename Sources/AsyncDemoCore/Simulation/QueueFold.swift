/// The bounded queue as the event log tells it: a fold of its item and producer events. What the
/// Queue pane's figures say at an instant (depth, sent, received, producers blocked) is this fold
/// at that instant's sequence number.
public struct QueueFold: Sendable, Equatable {
    public private(set) var capacity: Int
    public private(set) var depth = 0
    public private(set) var sent = 0
    public private(set) var received = 0
    /// The deepest the queue was after an item went in, as the producers said.
    public private(set) var highWater = 0
    /// Bumped by every event that changes the queue.
    private var changes: UInt64 = 0
    /// Producers waiting for room in a full queue.
    public private(set) var blockedProducers: Set<TaskID> = []

    /// - Parameter capacity: the capacity at the start of the run (its settings).
    public init(capacity: Int) {
        self.capacity = capacity
    }

    public mutating func apply(_ kind: SimulationEvent.Kind) {
        switch kind {
        case .itemEnqueued, .itemDequeued, .producerBlocked, .producerUnblocked, .queueResized: changes += 1
        default: return
        }
        switch kind {
        case .itemEnqueued(_, _, let reported):
            sent += 1
            depth += 1
            highWater = max(highWater, reported)
        case .itemDequeued:
            received += 1
            depth -= 1
        case .producerBlocked(let task): blockedProducers.insert(task)
        case .producerUnblocked(let task): blockedProducers.remove(task)
        case .queueResized(let capacity): self.capacity = capacity
        default: break
        }
    }
}

extension QueueFold {
    /// The queue as `BoundedQueue.snapshot()` shows it, for a frame read from the log; the
    /// consumers waiting on an empty queue are the task fold's to count.
    public func snapshot(blockedReceivers: Int) -> BoundedQueueSnapshot {
        BoundedQueueSnapshot(
            capacity: capacity, depth: depth, highWater: highWater, sent: sent, received: received,
            blockedSenders: blockedProducers.count, blockedReceivers: blockedReceivers, isClosed: false, version: changes)
    }
}
