import Dispatch
import Locking

/// Where the reader thread puts events. `deliver` may block the (dedicated) calling thread.
protocol FollowEventSink: Sendable {
    /// Returns false once nobody wants more events: the reader stops.
    func deliver(_ event: FollowEvent) -> Bool
    /// No more events will come.
    func finish()
    var isTerminated: Bool { get }
    /// A pipe or socket whose reader leaving ends the follow even while no line comes to fail a
    /// write (`tail -F f | head -1`); the reader thread watches it in its wait.
    var outputToWatch: Int32? { get }
    /// The reader of `outputToWatch` has gone.
    func outputClosed()
}

extension FollowEventSink {
    var outputToWatch: Int32? { nil }
    func outputClosed() {}
}

/// A bounded hand-over from the reader thread to one async consumer. When the buffer is full the
/// reader thread blocks (back-pressure: the kernel keeps the unread bytes, nothing is dropped);
/// the consumer suspends without blocking a pool thread. State changes happen under the lock and
/// return an action; continuations and the semaphore are resumed outside it.
final class EventChannel: FollowEventSink {
    private struct State {
        var buffer: [FollowEvent] = []
        var waitingConsumer: CheckedContinuation<FollowEvent?, Never>?
        var producerIsWaiting = false
        var producerFinished = false
        var consumerGone = false
    }

    private enum SendAction { case stop, resumeConsumer(CheckedContinuation<FollowEvent?, Never>), buffered, waitForSpace }
    private enum ReceiveAction { case event(FollowEvent, wakeProducer: Bool), end, suspended }

    private let state = LockedState(State())
    private let spaceAvailable = DispatchSemaphore(value: 0)
    private let capacity: Int
    /// Wakes the reader thread out of its wait when the consumer goes away.
    private let wakeReader: WakeSignal

    init(capacity: Int, wakeReader: WakeSignal) {
        self.capacity = capacity
        self.wakeReader = wakeReader
    }

    var isTerminated: Bool { state.withLock { $0.consumerGone } }

    /// The reader thread is blocked waiting for the consumer (tests use it to pause the reader).
    var isProducerWaiting: Bool { state.withLock { $0.producerIsWaiting } }

    func deliver(_ event: FollowEvent) -> Bool {
        while true {
            let action: SendAction = state.withLock { state in
                if state.consumerGone { return .stop }
                if let consumer = state.waitingConsumer {
                    state.waitingConsumer = nil
                    return .resumeConsumer(consumer)
                }
                if state.buffer.count < capacity {
                    state.buffer.append(event)
                    return .buffered
                }
                state.producerIsWaiting = true
                return .waitForSpace
            }
            switch action {
            case .stop: return false
            case .resumeConsumer(let consumer): consumer.resume(returning: event); return true
            case .buffered: return true
            case .waitForSpace: spaceAvailable.wait()  // the reader's own thread, never a pool thread
            }
        }
    }

    func finish() {
        let consumer = state.withLock { state in
            state.producerFinished = true
            defer { state.waitingConsumer = nil }
            return state.waitingConsumer
        }
        consumer?.resume(returning: nil)
    }

    func next() async -> FollowEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let action: ReceiveAction = state.withLock { state in
                    if state.consumerGone { return .end }
                    if !state.buffer.isEmpty {
                        let event = state.buffer.removeFirst()
                        defer { state.producerIsWaiting = false }
                        return .event(event, wakeProducer: state.producerIsWaiting)
                    }
                    if state.producerFinished { return .end }
                    state.waitingConsumer = continuation
                    return .suspended
                }
                switch action {
                case .event(let event, let wakeProducer):
                    if wakeProducer { spaceAvailable.signal() }
                    continuation.resume(returning: event)
                case .end: continuation.resume(returning: nil)
                case .suspended: break
                }
            }
        } onCancel: {
            terminate()
        }
    }

    /// The consumer is gone (cancelled, or its iterator dropped): release everyone, stop the reader.
    func terminate() {
        let (consumer, wakeProducer) = state.withLock { state in
            state.consumerGone = true
            state.buffer.removeAll()
            defer { state.waitingConsumer = nil; state.producerIsWaiting = false }
            return (state.waitingConsumer, state.producerIsWaiting)
        }
        consumer?.resume(returning: nil)
        if wakeProducer { spaceAvailable.signal() }
        wakeReader.signal()
    }
}
