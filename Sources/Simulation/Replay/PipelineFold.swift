import AsyncDemoCore
import DequeModule

/// The Queue pane's figures as the event log tells them: the queue (`QueueFold`), the depth
/// history and flow rates from the pipeline's once-a-second samples, the producer rate, and how
/// many producers and consumers are live.
struct PipelineFold: Sendable {
    private var queue: QueueFold
    private var rate: Double
    private var history = Deque<Int>()
    private var lastSample: (sent: Int, received: Int)?
    private var rates = (send: 0, receive: 0)
    private var producers: Set<TaskID> = []
    private var consumers: Set<TaskID> = []
    /// Consumers waiting on an empty queue: the queue's blocked receivers.
    private var idleConsumers: Set<TaskID> = []

    init(capacity: Int, rate: Double) {
        queue = QueueFold(capacity: capacity)
        self.rate = rate
    }

    mutating func apply(_ event: SimulationEvent) {
        queue.apply(event.kind)
        switch event.kind {
        case .taskSpawned(let task, _, TaskKind.producer.name, _): producers.insert(task)
        case .taskSpawned(let task, _, TaskKind.consumer.name, _): consumers.insert(task)
        case .taskStateChanged(let task, let state) where consumers.contains(task):
            if state == .waiting(.queueEmpty) { idleConsumers.insert(task) } else { idleConsumers.remove(task) }
        case .taskFinished(let task, _):
            producers.remove(task)
            consumers.remove(task)
            idleConsumers.remove(task)
        case .producerRateChanged(let perSecond): rate = perSecond
        case .queueSampled(let depth, let sent, let received):
            history.append(depth)
            if history.count > Pipeline.historyLength { history.removeFirst() }
            if let lastSample { rates = (sent - lastSample.sent, received - lastSample.received) }
            lastSample = (sent, received)
        default: break
        }
    }

    var snapshot: PipelineSnapshot {
        PipelineSnapshot(
            queue: queue.snapshot(blockedReceivers: idleConsumers.count), depthHistory: Array(history),
            sendRate: rates.send, receiveRate: rates.receive, producers: producers.count, consumers: consumers.count,
            ratePerProducer: rate)
    }
}
