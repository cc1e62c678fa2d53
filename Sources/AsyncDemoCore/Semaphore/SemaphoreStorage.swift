import Locking

/// Takes the lock, asks the state machine, and resumes continuations only after the lock is
/// released, so a resumed task can never run (or deadlock) while the lock is held.
///
/// `acquire` is inlined, `@inline(__always)` (the optimizer leaves async functions out of line),
/// into the task that calls it: every async function a task enters and leaves costs it an
/// executor check, and under a task executor preference each check takes a lock in the runtime.
/// Inlined, a waiting acquire makes 7 such checks instead of 8 (callgrind, asyncdemo-bench
/// semaphore --executor one-thread). The lock round trips it calls stay out of line here, so the
/// state machine and the lock are not part of what other modules inline.
@usableFromInline
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

    @inlinable @inline(__always)
    func acquire(owner: TaskID?) async throws {
        // Documented contract: an already-cancelled task is refused before it touches the line.
        if Task.isCancelled { throw CancellationError() }
        guard let id = acquireNow(owner: owner) else { return }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                lineUp(id: id, owner: owner, continuation: continuation)
            }
        } onCancel: {
            cancelWaiter(id: id)
        }
    }

    // Why the synchronous lock round trips are `@inline(never)`: inlined into an async function
    // (our `acquire`, or the caller's task body for `release`), their temporaries become part of
    // that task's async frame, which lives in the task's own small allocator. With 100,000 tasks
    // suspended in `acquire` that pushed each task past its preallocated slab: one more ~1 KiB
    // malloc per task, 260 MiB peak RSS instead of 160 and a quarter more CPU
    // (asyncdemo-bench semaphore). Out of line, they use the thread's stack.

    /// Takes a permit now (nil), or hands out the waiter id to suspend and line up with.
    @usableFromInline @inline(never)
    func acquireNow(owner: TaskID?) -> WaiterID? {
        defer { changes.notify() }
        switch state.withLock({ $0.acquire(owner: owner) }) {
        case .granted: return nil
        case .mustWait(let id): return id
        }
    }

    /// Puts the suspended caller in line, or resumes it at once if a permit came free or its task
    /// was cancelled since `acquireNow`. Reads the clock here so `since` is not in the task's
    /// async frame.
    @usableFromInline @inline(never)
    func lineUp(id: WaiterID, owner: TaskID?, continuation: UnsafeContinuation<Void, any Error>) {
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

    @usableFromInline @inline(never)
    func cancelWaiter(id: WaiterID) {
        let action = state.withLock { $0.cancel(id: id) }
        changes.notify()
        if case .resumeCancelled(let continuation) = action {
            continuation.resume(throwing: CancellationError())
        }
    }

    @usableFromInline @inline(never)
    func tryAcquire(owner: TaskID?) -> Bool {
        defer { changes.notify() }
        return state.withLock { $0.tryAcquire(owner: owner) }
    }

    @usableFromInline @inline(never)
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
