import Locking

/// Takes the lock, asks the state machine, and resumes continuations only after the lock is
/// released, so a resumed task can never run (or deadlock) while the lock is held.
final class SemaphoreStorage: Sendable {
    private typealias Machine = SemaphoreStateMachine<UnsafeContinuation<Void, any Error>>

    private let state: LockedState<Machine>
    private let time: TimeSource
    /// Wakes parked snapshot streams; every state change below is followed by `notify()`.
    let changes = ChangeSignal()

    init(permits: Int, time: TimeSource) {
        state = LockedState(Machine(permits: permits))
        self.time = time
    }

    func acquire(owner: TaskID?) async throws {
        // Documented contract: an already-cancelled task is refused before it touches the line.
        if Task.isCancelled { throw CancellationError() }
        guard case .mustWait(let id) = fastAcquire(owner: owner) else { return }
        // Everything live across the suspension below sits in this task's async frames; read
        // the clock inside the (synchronous) continuation body so `since` is not among them.
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let since = time.now()
                let action = state.withLock {
                    $0.suspend(
                        id: id, owner: owner, since: since, continuation: continuation,
                        isCancelled: Task.isCancelled)
                }
                changes.notify()
                switch action {
                case .waiting: break
                case .resumeGranted(let continuation): continuation.resume()
                case .resumeCancelled(let continuation): continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let action = state.withLock { $0.cancel(id: id) }
            changes.notify()
            if case .resumeCancelled(let continuation) = action {
                continuation.resume(throwing: CancellationError())
            }
        }
    }

    // Why the synchronous lock round trips are `@inline(never)`: inlined into an async function
    // (our `acquire`, or the caller's task body for `release`), their temporaries become part of
    // that task's async frame, which lives in the task's own small allocator. With 100,000 tasks
    // suspended in `acquire` that pushed each task past its preallocated slab: one more ~1 KiB
    // malloc per task, 260 MiB peak RSS instead of 160 and a quarter more CPU
    // (asyncdemo-bench semaphore). Out of line, they use the thread's stack.
    @inline(never)
    private func fastAcquire(owner: TaskID?) -> Machine.AcquireAction {
        defer { changes.notify() }
        return state.withLock { $0.acquire(owner: owner) }
    }

    @inline(never)
    func tryAcquire(owner: TaskID?) -> Bool {
        defer { changes.notify() }
        return state.withLock { $0.tryAcquire(owner: owner) }
    }

    @inline(never)
    func release(owner: TaskID?) {
        let action = state.withLock { $0.release(owner: owner) }
        changes.notify()
        switch action {
        case .none: break
        case .resumeGranted(let continuation): continuation.resume()
        case .notHeld: preconditionFailure("AsyncSemaphore.release() called with no permit held")
        }
    }

    func setPermits(_ permits: Int) {
        let granted = state.withLock { $0.setPermits(permits) }
        changes.notify()
        for continuation in granted { continuation.resume() }
    }

    func snapshot(waiterLimit: Int) -> SemaphoreSnapshot {
        state.withLock { $0.snapshot(at: time.now(), waiterLimit: waiterLimit) }
    }

    var version: UInt64 { state.withLock { $0.version } }
}
