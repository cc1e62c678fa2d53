import AsyncDemoCore

/// A watched program's named semaphores and queues as its stream tells them: one semaphore fold
/// and one queue fold per `resource` name, so `db` and `cache` each keep their own holders and
/// line of waiters. What the Resources pane shows when the dashboard is attached.
public struct ResourcesFold: Sendable {
    private var semaphores: [String: PermitsFold] = [:]
    private var queues: [String: QueueFold] = [:]
    /// Tasks waiting on an empty queue, by the queue their state change names.
    private var waitingReceivers: [String: Set<TaskID>] = [:]
    /// Tasks waiting on an empty queue a probe's state change did not name (an older probe).
    private var unnamedReceivers: Set<TaskID> = []
    /// Each queue's depth as its last item in or out reported it: a dashboard that attached
    /// late never saw the items already queued, so counting ins and outs would be off by them.
    private var reportedDepths: [String: Int] = [:]

    public init() {}

    public mutating func apply(_ event: SimulationEvent) {
        switch event.kind {
        case .taskStateChanged(let task, .waiting(.queueEmpty)):
            stopWaiting(task)
            if let name = event.resource { waitingReceivers[name, default: []].insert(task) } else { unnamedReceivers.insert(task) }
        case .taskStateChanged(let task, _), .taskFinished(let task, _): stopWaiting(task)
        case .permitRequested, .permitGranted, .permitReleased, .permitRequestCancelled, .permitsResized:
            guard let name = event.resource else { return }
            semaphores[name, default: PermitsFold(permits: 0)].apply(Self.askedWhenItBeganWaiting(event))
        case .queueSampled(let depth, _, _):
            // The probe's reading of a queue when the dashboard attached.
            guard let name = event.resource else { return }
            if queues[name] == nil { queues[name] = QueueFold(capacity: 0) }
            reportedDepths[name] = depth
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

    private mutating func stopWaiting(_ task: TaskID) {
        unnamedReceivers.remove(task)
        for name in waitingReceivers.keys { waitingReceivers[name]?.remove(task) }
    }

    /// A waiter a probe told of when the dashboard attached says how long it had waited then:
    /// its request is put that long before, so its wait reads from when it began.
    private static func askedWhenItBeganWaiting(_ event: SimulationEvent) -> SimulationEvent {
        guard case .permitRequested = event.kind, let waited = event.fields?["waitedNanoseconds"].flatMap({ Int64($0) }) else {
            return event
        }
        return SimulationEvent(sequence: event.sequence, at: event.at - .nanoseconds(waited), kind: event.kind,
                               resource: event.resource, fields: event.fields)
    }

    /// Every semaphore and queue at `now`, each kind by name.
    public func snapshot(at now: SimulationInstant) -> ResourcesSnapshot {
        // Receivers whose queue was not named are a lone queue's own; with several, of any.
        let unnamed = queues.count == 1 ? unnamedReceivers.count : 0
        return ResourcesSnapshot(
            semaphores: semaphores.sorted { $0.key < $1.key }.map { .init(name: $0.key, semaphore: $0.value.snapshot(at: now)) },
            queues: queues.sorted { $0.key < $1.key }.map { name, fold in
                let queue = fold.snapshot(blockedReceivers: (waitingReceivers[name]?.count ?? 0) + unnamed)
                return .init(name: name, queue: queue, depth: reportedDepths[name] ?? queue.depth)
            },
            waitingReceivers: waitingReceivers.values.reduce(unnamedReceivers.count) { $0 + $1.count },
            unnamedReceivers: queues.count == 1 ? 0 : unnamedReceivers.count)
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
    /// Tasks waiting on any empty queue.
    public var waitingReceivers = 0
    /// Of those, the ones whose queue an older probe did not name, with several queues (each
    /// queue's `blockedReceivers` counts only its own).
    public var unnamedReceivers = 0

    public init(semaphores: [Semaphore] = [], queues: [Queue] = [], waitingReceivers: Int = 0, unnamedReceivers: Int = 0) {
        self.semaphores = semaphores
        self.queues = queues
        self.waitingReceivers = waitingReceivers
        self.unnamedReceivers = unnamedReceivers
    }
}

