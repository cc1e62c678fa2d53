import Locking

/// A cancel request that may come before the task it is for exists: the board can cancel a
/// tracked task as soon as it is registered, before the example has started its work.
final class PendingCancel: Sendable {
    private struct State {
        var isCancelled = false
        var cancel: (@Sendable () -> Void)?
    }

    private let state = LockedState(State())

    func cancel() {
        let cancel = state.withLock { state in
            state.isCancelled = true
            return state.cancel
        }
        cancel?()
    }

    /// Sets what cancels the task; calls it at once if a cancel request came before.
    func attach(_ cancel: @escaping @Sendable () -> Void) {
        let alreadyCancelled = state.withLock { state in
            state.cancel = cancel
            return state.isCancelled
        }
        if alreadyCancelled { cancel() }
    }
}
