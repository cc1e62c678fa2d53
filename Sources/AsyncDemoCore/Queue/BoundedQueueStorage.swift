import Locking

/// Takes the lock, asks the state machine, and resumes continuations only after the lock is
/// released (see `SemaphoreStorage` for why).
final class BoundedQueueStorage<Element: Sendable>: Sendable {
    private typealias SendContinuation = UnsafeContinuation<Void, any Error>
    private typealias ReceiveContinuation = UnsafeContinuation<Element?, any Error>
    private typealias Machine = BoundedQueueStateMachine<Element, SendContinuation, ReceiveContinuation>

    private let state: LockedState<Machine>
    /// Wakes parked snapshot streams; every state change goes through `mutate`, which notifies it.
    let changes = ChangeSignal()

    init(capacity: Int) {
        state = LockedState(Machine(capacity: capacity))
    }

    func send(_ element: Element) async throws {
        if Task.isCancelled { throw CancellationError() }
        let id: WaiterID
        switch trySend(element) {
        case .enqueued: return
        case .deliver(let receiver, let element): return receiver.resume(returning: element)
        case .closed: throw QueueClosedError()
        case .mustWait(let waiterID): id = waiterID
        }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: SendContinuation) in
                let action = mutate {
                    $0.suspendSender(
                        id: id, element: element, continuation: continuation,
                        isCancelled: Task.isCancelled)
                }
                switch action {
                case .waiting: break
                case .resumeSender(let sender): sender.resume()
                case .resumeSenderAndDeliver(let sender, let receiver, let element):
                    receiver.resume(returning: element)
                    sender.resume()
                case .failSender(let sender, .closed): sender.resume(throwing: QueueClosedError())
                case .failSender(let sender, .cancelled): sender.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            mutate { $0.cancelSender(id: id) }?.resume(throwing: CancellationError())
        }
    }

    func receive() async throws -> Element? {
        if Task.isCancelled { throw CancellationError() }
        let id: WaiterID
        switch tryReceive() {
        case .element(let element, let sender):
            sender?.resume()
            return element
        case .finished: return nil
        case .mustWait(let waiterID): id = waiterID
        }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: ReceiveContinuation) in
                let action = mutate {
                    $0.suspendReceiver(id: id, continuation: continuation, isCancelled: Task.isCancelled)
                }
                switch action {
                case .waiting: break
                case .resume(let receiver, let element, let sender):
                    sender?.resume()
                    receiver.resume(returning: element)
                case .resumeCancelled(let receiver): receiver.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            mutate { $0.cancelReceiver(id: id) }?.resume(throwing: CancellationError())
        }
    }

    // The fast paths out of line, as in `SemaphoreStorage` (see `fastAcquire` there): inlined
    // into the async `send`/`receive`, the lock's temporaries would grow every task's frame.
    @inline(never)
    private func trySend(_ element: Element) -> Machine.SendAction {
        mutate { $0.send(element) }
    }

    @inline(never)
    private func tryReceive() -> Machine.ReceiveAction {
        mutate { $0.receive() }
    }

    func offer(_ element: Element) -> Bool {
        switch trySend(element) {
        case .enqueued: return true
        case .deliver(let receiver, let element):
            receiver.resume(returning: element)
            return true
        case .closed, .mustWait: return false
        }
    }

    func poll() -> Element? {
        guard case .element(let element, let sender) = tryReceive() else { return nil }
        sender?.resume()
        return element
    }

    func close() {
        let action = mutate { $0.close() }
        for sender in action.senders { sender.resume(throwing: QueueClosedError()) }
        for receiver in action.receivers { receiver.resume(returning: nil) }
    }

    func setCapacity(_ capacity: Int) {
        for sender in mutate({ $0.setCapacity(capacity) }) { sender.resume() }
    }

    /// Runs a state change under the lock, then tells parked snapshot streams (one atomic load
    /// when none is parked).
    @inline(__always)
    private func mutate<Result>(_ body: (inout Machine) throws -> Result) rethrows -> Result {
        defer { changes.notify() }
        return try state.withLock(body)
    }

    var snapshot: BoundedQueueSnapshot { state.withLock { $0.snapshot } }

    var version: UInt64 { state.withLock { $0.version } }
}
