import Locking

/// A dashboard's cancel of one child of a `ProbeTaskGroup`: the child's work runs beside a
/// watcher waiting on this, in a group of their own; `fire` wakes the watcher, whose group then
/// cancels the work, and nothing else. Structured all the way: the work's end ends the watcher.
final class ProbeCancelRequest: Sendable {
    private enum Phase {
        case idle
        case watching(CheckedContinuation<Void, Never>)
        case fired
        /// The watcher's task was cancelled (its work ended, or its group was cancelled).
        case ended
    }

    private let phase = LockedState(Phase.idle)

    /// Asks for the work's cancel (the dashboard's `{"cancel":N}`); nothing once it has ended.
    func fire() {
        // Outside the lock: resuming runs the watcher.
        settle(as: .fired)?.resume()
    }

    /// Moves a request not yet fired nor ended to `next`, giving back the watcher to resume.
    private func settle(as next: Phase) -> CheckedContinuation<Void, Never>? {
        phase.withLock { phase in
            switch phase {
            case .idle:
                phase = next
                return nil
            case .watching(let continuation):
                phase = next
                return continuation
            case .fired, .ended: return nil
            }
        }
    }

    /// Runs `operation` until it ends, or until `fire` cancels it (then it ends as cancelled,
    /// or with what it returns if it does not stop).
    func cancelling<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                await self.watch()
                return nil
            }
            while let outcome = try await group.next() {
                // The work's result ends the watcher; the watcher's end (a cancel asked, or its
                // task cancelled) cancels the work, which then ends as it will.
                group.cancelAll()
                if let result = outcome { return result }
            }
            throw CancellationError()
        }
    }

    /// Returns once `fire` was called or this task is cancelled.
    private func watch() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = phase.withLock { phase in
                    guard case .idle = phase else { return true }
                    phase = .watching(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            settle(as: .ended)?.resume()
        }
    }
}
