import AsyncDemoCore

/// A watched program's named semaphores and queues as its stream tells them: one semaphore fold
/// and one queue fold per `resource` name, so `db` and `cache` each keep their own holders and
/// line of waiters. What the Resources pane shows when the dashboard is attached.
public struct ResourcesFold: Sendable {
    private var semaphores: [String: PermitsFold] = [:]
    private var queues: [String: QueueFold] = [:]
    /// Tasks waiting on an empty queue: the probe's state change does not say which queue.
    private var waitingReceivers: Set<TaskID> = []
    /// Each queue's depth as its last item in or out reported it: a dashboard that attached
    /// late never saw the items already queued, so counting ins and outs would be off by them.
    private var reportedDepths: [String: Int] = [:]

    public init() {}

    public mutating func apply(_ event: SimulationEvent) {
        switch event.kind {
        case .taskStateChanged(let task, .waiting(.queueEmpty)): waitingReceivers.insert(task)
        case .taskStateChanged(let task, _), .taskFinished(let task, _): waitingReceivers.remove(task)
        case .permitRequested, .permitGranted, .permitReleased, .permitRequestCancelled, .permitsResized:
            guard let name = event.resource else { return }
            semaphores[name, default: PermitsFold(permits: 0)].apply(event)
        case .itemEnqueued, .itemDequeued, .producerBlocked, .producerUnblocked, .queueResized:
            guard let name = event.resource else { return }
            queues[name, default: QueueFold(capacity: 0)].apply(event.kind)
            switch event.kind {
            case .itemEnqueued(_, _, let depth), .itemDequeued(_, _, let depth): reportedDepths[name] = depth
            default: break
            }
        default: break
        }
    }

    /// Every semaphore and queue at `now`, each kind by name.
    public func snapshot(at now: SimulationInstant) -> ResourcesSnapshot {
        // With one queue the receivers waiting are its own; with several they cannot be told apart.
        let receivers = queues.count == 1 ? waitingReceivers.count : 0
        return ResourcesSnapshot(
            semaphores: semaphores.sorted { $0.key < $1.key }.map { .init(name: $0.key, semaphore: $0.value.snapshot(at: now)) },
            queues: queues.sorted { $0.key < $1.key }.map { name, fold in
                let queue = fold.snapshot(blockedReceivers: receivers)
                return .init(name: name, queue: queue, depth: reportedDepths[name] ?? queue.depth)
            },
            waitingReceivers: waitingReceivers.count)
    }
}

/// A watched program's semaphores and queues at one instant.
public struct ResourcesSnapshot: Sendable, Equatable {
    public struct Semaphore: Sendable, Equatable {
        public let name: String
        public let semaphore: SemaphoreSnapshot
    }

    public struct Queue: Sendable, Equatable {
        public let name: String
        public let queue: BoundedQueueSnapshot
        /// Items in it now, as the program last reported: `queue.depth` counts only the items
        /// that went in and out since the attach.
        public let depth: Int
    }

    public var semaphores: [Semaphore] = []
    public var queues: [Queue] = []
    /// Tasks waiting on any empty queue (told per queue only when there is one).
    public var waitingReceivers = 0

    public init(semaphores: [Semaphore] = [], queues: [Queue] = [], waitingReceivers: Int = 0) {
        self.semaphores = semaphores
        self.queues = queues
        self.waitingReceivers = waitingReceivers
    }
}

