import Locking

/// The tasks a run spawned: cancelled with the run, and awaited when it ends.
final class SpawnedTasks: Sendable {
    private struct Spawned {
        let cancel: @Sendable () -> Void
        let wait: @Sendable () async -> Void
    }

    private struct State {
        var running: [Spawned] = []
        var isCancelled = false
    }

    private let state = LockedState(State())

    /// Keeps `task`; one spawned after the run was cancelled is cancelled at once.
    func add<Success: Sendable>(_ task: Task<Success, any Error>) {
        let cancelled = state.withLock { state in
            state.running.append(Spawned(cancel: task.cancel, wait: { _ = await task.result }))
            return state.isCancelled
        }
        if cancelled { task.cancel() }
    }

    func cancelAll() {
        let all = state.withLock { state in
            state.isCancelled = true
            return state.running
        }
        for task in all { task.cancel() }
    }

    /// Cancels every task, and any a task spawns while this waits, and waits until all have ended.
    func cancelAndWait() async {
        cancelAll()
        while let next = state.withLock({ $0.running.popLast() }) { await next.wait() }
    }
}
