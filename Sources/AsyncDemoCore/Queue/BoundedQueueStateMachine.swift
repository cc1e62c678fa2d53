import DequeModule

/// The whole logic of `BoundedQueue` as a pure value: methods return what to resume, never
/// resume it. Continuation types are generic so tests can drive it with plain integers.
///
/// Invariants kept by every method:
/// - receivers wait only while the buffer is empty and no sender waits;
/// - senders wait only while the buffer holds `capacity` items or more;
/// - `sent == received + buffer.count` (a waiting sender's item is not sent yet).
///
/// The send and receive paths are `@inlinable` so a module using `BoundedQueue<Element>`
/// specializes them for its `Element` instead of running them generically; closing, resizing
/// and cancelling stay out of line.
@usableFromInline
struct BoundedQueueStateMachine<Element, SendContinuation, ReceiveContinuation> {
    @usableFromInline
    struct BlockedSender {
        @usableFromInline let element: Element
        @usableFromInline let continuation: SendContinuation

        @inlinable
        init(element: Element, continuation: SendContinuation) {
            self.element = element
            self.continuation = continuation
        }
    }

    // Not private (set): the inlinable methods below change them from the modules they are
    // inlined into. Only this type's methods do.
    @usableFromInline var buffer = Deque<Element>()
    @usableFromInline var capacity: Int
    @usableFromInline var senders = WaiterLine<BlockedSender>()
    @usableFromInline var receivers = WaiterLine<ReceiveContinuation>()
    @usableFromInline var isClosed = false
    @usableFromInline var sent = 0
    @usableFromInline var received = 0
    @usableFromInline var highWater = 0
    @usableFromInline var version: UInt64 = 0
    @usableFromInline var waiterIDs = WaiterIDGenerator()

    init(capacity: Int) {
        precondition(capacity >= 0, "a queue cannot have a negative capacity")
        self.capacity = capacity
    }

    // MARK: Sending

    @usableFromInline
    enum SendAction {
        case enqueued
        /// A receiver was waiting: hand it the element directly.
        case deliver(ReceiveContinuation, Element)
        case closed
        /// Full: suspend, then call `suspendSender(id:...)`.
        case mustWait(WaiterID)
    }

    @inlinable
    mutating func send(_ element: Element) -> SendAction {
        switch sendNow(element) {
        case .enqueued: return .enqueued
        case .delivered(let receiver): return .deliver(receiver, element)
        case .closed: return .closed
        case .full: return .mustWait(waiterIDs.make())
        }
    }

    @usableFromInline
    enum SuspendSenderAction {
        case waiting
        case resumeSender(SendContinuation)
        case resumeSenderAndDeliver(SendContinuation, ReceiveContinuation, Element)
        case failSender(SendContinuation, SendFailure)
    }

    @usableFromInline
    enum SendFailure: Equatable { case closed, cancelled }

    /// Retries the send now that the caller has a continuation: the state may have changed since
    /// `send` said "must wait". `isCancelled` is read under the caller's lock (see the semaphore).
    @inlinable
    mutating func suspendSender(
        id: WaiterID, element: Element, continuation: SendContinuation, isCancelled: Bool
    ) -> SuspendSenderAction {
        if isCancelled { return .failSender(continuation, .cancelled) }
        switch sendNow(element) {
        case .enqueued: return .resumeSender(continuation)
        case .delivered(let receiver): return .resumeSenderAndDeliver(continuation, receiver, element)
        case .closed: return .failSender(continuation, .closed)
        case .full:
            senders.append(id: id, BlockedSender(element: element, continuation: continuation))
            version &+= 1
            return .waiting
        }
    }

    /// A cancelled sender leaves the line and its element is never enqueued.
    @usableFromInline
    mutating func cancelSender(id: WaiterID) -> SendContinuation? {
        guard let sender = senders.remove(id: id) else { return nil }
        version &+= 1
        return sender.continuation
    }

    @usableFromInline
    enum SendNow {
        case enqueued, delivered(ReceiveContinuation), closed, full
    }

    // Always inlined, as is `receiveNow`: each is most of its caller's fast path, and a call
    // apart cost 18 more instructions an item (callgrind, asyncdemo-bench queue).
    @inlinable @inline(__always)
    mutating func sendNow(_ element: Element) -> SendNow {
        if isClosed { return .closed }
        if let receiver = receivers.removeFirst() {
            sent += 1
            received += 1
            version &+= 1
            return .delivered(receiver.payload)
        }
        guard buffer.count < capacity else { return .full }
        buffer.append(element)
        sent += 1
        highWater = max(highWater, buffer.count)
        version &+= 1
        return .enqueued
    }

    // MARK: Receiving

    @usableFromInline
    enum ReceiveAction {
        /// An element, and the blocked sender to resume if taking it made room for one.
        case element(Element, resumeSender: SendContinuation?)
        /// Closed and drained: the end of the sequence.
        case finished
        case mustWait(WaiterID)
    }

    @inlinable
    mutating func receive() -> ReceiveAction {
        switch receiveNow() {
        case .element(let element, let sender): return .element(element, resumeSender: sender)
        case .finished: return .finished
        case .empty: return .mustWait(waiterIDs.make())
        }
    }

    @usableFromInline
    enum SuspendReceiverAction {
        case waiting
        case resume(ReceiveContinuation, Element?, resumeSender: SendContinuation?)
        case resumeCancelled(ReceiveContinuation)
    }

    @inlinable
    mutating func suspendReceiver(
        id: WaiterID, continuation: ReceiveContinuation, isCancelled: Bool
    ) -> SuspendReceiverAction {
        if isCancelled { return .resumeCancelled(continuation) }
        switch receiveNow() {
        case .element(let element, let sender): return .resume(continuation, element, resumeSender: sender)
        case .finished: return .resume(continuation, nil, resumeSender: nil)
        case .empty:
            receivers.append(id: id, continuation)
            version &+= 1
            return .waiting
        }
    }

    /// A cancelled receiver leaves the line without taking anything.
    @usableFromInline
    mutating func cancelReceiver(id: WaiterID) -> ReceiveContinuation? {
        guard let continuation = receivers.remove(id: id) else { return nil }
        version &+= 1
        return continuation
    }

    @usableFromInline
    enum ReceiveNow {
        case element(Element, SendContinuation?)
        case finished, empty
    }

    @inlinable @inline(__always)
    mutating func receiveNow() -> ReceiveNow {
        if let element = buffer.popFirst() {
            received += 1
            version &+= 1
            return .element(element, admitWaitingSender())
        }
        // Capacity 0 (a rendezvous): take straight from a waiting sender.
        if let sender = senders.removeFirst() {
            sent += 1
            received += 1
            version &+= 1
            return .element(sender.payload.element, sender.payload.continuation)
        }
        return isClosed ? .finished : .empty
    }

    /// Moves the oldest waiting sender's element into the buffer if there is room.
    @inlinable
    mutating func admitWaitingSender() -> SendContinuation? {
        guard buffer.count < capacity, let sender = senders.removeFirst() else { return nil }
        buffer.append(sender.payload.element)
        sent += 1
        highWater = max(highWater, buffer.count)
        return sender.payload.continuation
    }

    // MARK: Closing and resizing

    struct CloseAction {
        /// Fail these with `QueueClosedError`: their elements were never enqueued.
        var senders: [SendContinuation] = []
        /// Resume these with nil: the buffer is empty whenever receivers wait.
        var receivers: [ReceiveContinuation] = []
    }

    mutating func close() -> CloseAction {
        guard !isClosed else { return CloseAction() }
        isClosed = true
        version &+= 1
        return CloseAction(
            senders: senders.removeAll().map(\.continuation), receivers: receivers.removeAll())
    }

    /// Changes the capacity. Raising it admits waiting senders at once (returned to resume);
    /// lowering it drops nothing: senders wait until the depth falls below the new capacity.
    mutating func setCapacity(_ newValue: Int) -> [SendContinuation] {
        precondition(newValue >= 0, "a queue cannot have a negative capacity")
        capacity = newValue
        version &+= 1
        var admitted: [SendContinuation] = []
        while let sender = admitWaitingSender() { admitted.append(sender) }
        return admitted
    }
}
