/// Takes the lock, asks the state machine, and resumes continuations only after the lock is
/// released, so a resumed task can never run (or deadlock) while the lock is held.
final class SemaphoreStorage: Sendable {
    private typealias Machine = SemaphoreStateMachine<UnsafeContinuation<Void, any Error>>

    private let state: LockedState<Machine>
    private let time: TimeSource

    init(permits: Int, time: TimeSource) {
        state = LockedState(Machine(permits: permits))
        self.time = time
    }

    func acquire(owner: TaskID?) async throws {
        // Documented contract: an already-cancelled task is refused before it touches the line.
        if Task.isCancelled { throw CancellationError() }
        let action = state.withLock { $0.acquire(owner: owner) }
        guard case .mustWait(let id) = action else { return }
        let since = time.now()
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let action = state.withLock {
                    $0.suspend(
                        id: id, owner: owner, since: since, continuation: continuation,
                        isCancelled: Task.isCancelled)
                }
                switch action {
                case .waiting: break
                case .resumeGranted(let continuation): continuation.resume()
                case .resumeCancelled(let continuation): continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let action = state.withLock { $0.cancel(id: id) }
            if case .resumeCancelled(let continuation) = action {
                continuation.resume(throwing: CancellationError())
            }
        }
    }

    func tryAcquire(owner: TaskID?) -> Bool {
        state.withLock { $0.tryAcquire(owner: owner) }
    }

    func release(owner: TaskID?) {
        switch state.withLock({ $0.release(owner: owner) }) {
        case .none: break
        case .resumeGranted(let continuation): continuation.resume()
        case .notHeld: preconditionFailure("AsyncSemaphore.release() called with no permit held")
        }
    }

    func setPermits(_ permits: Int) {
        let granted = state.withLock { $0.setPermits(permits) }
        for continuation in granted { continuation.resume() }
    }

    func snapshot(waiterLimit: Int) -> SemaphoreSnapshot {
        state.withLock { $0.snapshot(at: time.now(), waiterLimit: waiterLimit) }
    }

    var version: UInt64 { state.withLock { $0.version } }
}
