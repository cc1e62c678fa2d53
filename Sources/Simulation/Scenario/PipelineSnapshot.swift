import AsyncDemoCore

/// What the Queue pane shows: the queue itself, its recent depth, the flow rates and the
/// pipeline's settings.
public struct PipelineSnapshot: Sendable {
    public let queue: BoundedQueueSnapshot
    /// Depth once per simulated second, oldest first, at most `Pipeline.historyLength`.
    public let depthHistory: [Int]
    /// Items per simulated second over the last second.
    public let sendRate: Int
    public let receiveRate: Int
    public let producers: Int
    public let consumers: Int
    /// Items each producer makes per simulated second.
    public let ratePerProducer: Double

    public init(queue: BoundedQueueSnapshot, depthHistory: [Int], sendRate: Int, receiveRate: Int, producers: Int,
                consumers: Int, ratePerProducer: Double) {
        self.queue = queue
        self.depthHistory = depthHistory
        self.sendRate = sendRate
        self.receiveRate = receiveRate
        self.producers = producers
        self.consumers = consumers
        self.ratePerProducer = ratePerProducer
    }

    /// `sent = received + queued`: true unless the queue lost or invented an item.
    public var conservationHolds: Bool { queue.sent == queue.received + queue.depth }
}
