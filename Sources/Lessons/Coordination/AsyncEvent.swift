import Locking

/// asyncio.Event for Swift tasks: any number of tasks wait until it is set; setting it wakes
/// them all and lets later waiters straight through until it is cleared.
public final class AsyncEvent: Sendable {
    private struct State {
        var isSet = false
        var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var nextID: UInt64 = 0
        /// Cancelled before their continuation was stored: they must not wait at all.
        var cancelledEarly: Set<UInt64> = []
    }

    private let state = LockedState(State())

    public init(isSet: Bool = false) {
        state.withLock { $0.isSet = isSet }
    }

    public var isSet: Bool { state.withLock { $0.isSet } }

    /// How many tasks are waiting right now.
    public var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Wakes every waiter, in the order they came (as asyncio does; ids count up, where the
    /// table's own order is its hash seed's, new in every process); later `wait` calls return at
    /// once until `clear`.
    public func set() {
        let woken = state.withLock { state in
            state.isSet = true
            defer { state.waiters = [:] }
            return state.waiters.sorted { $0.key < $1.key }.map(\.value)
        }
        for waiter in woken { waiter.resume() }
    }

    public func clear() {
        state.withLock { $0.isSet = false }
    }

    /// Returns once the event is set. Throws `CancellationError` if the task is cancelled first.
    public func wait() async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelledEarly.remove(id) != nil { return .failure(CancellationError()) }
                    if state.isSet { return .success(()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                let waiter = state.waiters.removeValue(forKey: id)
                if waiter == nil { state.cancelledEarly.insert(id) }
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
