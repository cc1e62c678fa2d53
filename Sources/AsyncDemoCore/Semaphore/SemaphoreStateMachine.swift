/// The whole logic of `AsyncSemaphore` as a pure value: every mutating method says what must be
/// resumed (an action) and never resumes anything itself.
///
/// That is what lets the storage resume continuations outside its lock, and what lets the tests
/// drive thousands of interleavings step by step without real tasks. `Continuation` is generic
/// for the same reason: the storage uses `UnsafeContinuation`, the stress tests plain integers.
struct SemaphoreStateMachine<Continuation> {
    struct Waiter {
        let owner: TaskID?
        let since: SimulationInstant
        let continuation: Continuation
    }

    /// The target number of permits; `held` may exceed it after a decrease.
    private(set) var permits: Int
    private(set) var held = 0
    private(set) var waiters = WaiterLine<Waiter>()
    /// Owners of held permits, for those acquired with an owner (one entry per permit).
    private(set) var ownedBy: [TaskID] = []
    private(set) var totalGrants = 0
    private(set) var cancellations = 0
    private(set) var peakHeld = 0
    /// Bumped by every change, so snapshot publishers can skip building identical snapshots.
    private(set) var version: UInt64 = 0
    private var waiterIDs = WaiterIDGenerator()

    init(permits: Int) {
        precondition(permits >= 0, "a semaphore cannot have a negative number of permits")
        self.permits = permits
    }

    var available: Int { max(0, permits - held) }

    enum AcquireAction: Equatable {
        case granted
        /// No permit now: suspend, then call `suspend(id:...)` with this id.
        case mustWait(WaiterID)
    }

    /// The fast path. Grants only when nobody is in line, so a newcomer never overtakes a waiter.
    mutating func acquire(owner: TaskID?) -> AcquireAction {
        if tryAcquire(owner: owner) { return .granted }
        return .mustWait(waiterIDs.make())
    }

    mutating func tryAcquire(owner: TaskID?) -> Bool {
        guard available > 0, waiters.isEmpty else { return false }
        grant(to: owner)
        return true
    }

    enum SuspendAction {
        /// In line; a later `release`, `setPermits` or `cancel` resumes it.
        case waiting
        /// A permit became free between `acquire` and now: resume at once, it is held.
        case resumeGranted(Continuation)
        /// The task was cancelled before it got in line: resume with `CancellationError`.
        case resumeCancelled(Continuation)
    }

    /// Puts a waiter in line. `isCancelled` must be read while the caller holds the lock: a
    /// cancellation handler that ran before this call found no waiter to remove, and this is
    /// where that cancel is honoured instead of being lost.
    mutating func suspend(
        id: WaiterID, owner: TaskID?, since: SimulationInstant,
        continuation: Continuation, isCancelled: Bool
    ) -> SuspendAction {
        if isCancelled {
            cancellations += 1
            version &+= 1
            return .resumeCancelled(continuation)
        }
        if tryAcquire(owner: owner) { return .resumeGranted(continuation) }
        waiters.append(id: id, Waiter(owner: owner, since: since, continuation: continuation))
        version &+= 1
        return .waiting
    }

    enum CancelAction {
        case none
        case resumeCancelled(Continuation)
    }

    /// Takes a waiter out of line. If it was already granted (the race with `release`), there is
    /// nothing to do: the task owns the permit and will release it, so the permit is not lost.
    mutating func cancel(id: WaiterID) -> CancelAction {
        guard let waiter = waiters.remove(id: id) else { return .none }
        cancellations += 1
        version &+= 1
        return .resumeCancelled(waiter.continuation)
    }

    enum ReleaseAction {
        case none
        case resumeGranted(Continuation)
        /// More releases than acquires: a bug in the caller.
        case notHeld
    }

    mutating func release(owner: TaskID?) -> ReleaseAction {
        guard held > 0 else { return .notHeld }
        held -= 1
        if let owner, let index = ownedBy.firstIndex(of: owner) {
            ownedBy.remove(at: index)
        }
        version &+= 1
        // After a decrease, `held` may still be at or above `permits`: then nobody is woken.
        guard held < permits, let next = waiters.removeFirst() else { return .none }
        grant(to: next.payload.owner)
        return .resumeGranted(next.payload.continuation)
    }

    /// Changes the permit count. Raising it grants to waiters at once (returned, oldest first);
    /// lowering it revokes nothing: it takes effect as holders release.
    mutating func setPermits(_ newValue: Int) -> [Continuation] {
        precondition(newValue >= 0, "a semaphore cannot have a negative number of permits")
        permits = newValue
        version &+= 1
        var granted: [Continuation] = []
        while held < permits, let next = waiters.removeFirst() {
            grant(to: next.payload.owner)
            granted.append(next.payload.continuation)
        }
        return granted
    }

    private mutating func grant(to owner: TaskID?) {
        held += 1
        totalGrants += 1
        peakHeld = max(peakHeld, held)
        if let owner { ownedBy.append(owner) }
        version &+= 1
    }
}
