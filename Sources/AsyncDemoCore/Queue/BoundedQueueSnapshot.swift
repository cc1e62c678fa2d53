/// What a `BoundedQueue` looked like at one instant. Taken under the queue's lock, so
/// `sent == received + depth` holds in every snapshot.
public struct BoundedQueueSnapshot: Sendable, Equatable {
    public let capacity: Int
    /// Items in the buffer now; may exceed `capacity` right after a decrease.
    public let depth: Int
    /// The deepest the buffer has ever been.
    public let highWater: Int
    /// Items accepted into the queue (a sender still waiting has not sent yet).
    public let sent: Int
    public let received: Int
    public let blockedSenders: Int
    public let blockedReceivers: Int
    public let isClosed: Bool
    /// Changes whenever the queue changes; equal versions mean equal contents.
    public let version: UInt64
}

extension BoundedQueueStateMachine {
    var snapshot: BoundedQueueSnapshot {
        BoundedQueueSnapshot(
            capacity: capacity, depth: buffer.count, highWater: highWater, sent: sent,
            received: received, blockedSenders: senders.count, blockedReceivers: receivers.count,
            isClosed: isClosed, version: version)
    }
}
