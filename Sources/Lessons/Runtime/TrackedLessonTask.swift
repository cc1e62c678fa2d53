import AsyncDemoCore

/// The tracked task the current code runs in, so the lesson clock and the waiting helpers can say
/// what it is doing. Child tasks inherit it, so an untracked task inside a tracked one counts as
/// that one (the examples track each task whose state they draw).
struct TrackedLessonTask: Sendable {
    @TaskLocal static var current: TrackedLessonTask?

    let id: TaskID
    let tracker: LessonTaskTracker

    func report(_ state: TaskState) async {
        await tracker.report(id, state)
    }

    /// Runs `operation` as this task: running now, then completed, cancelled or failed as it ends.
    func run<Value>(_ operation: () async throws -> Value) async throws -> Value {
        await report(.running)
        do {
            let value = try await Self.$current.withValue(self) { try await operation() }
            await report(.completed)
            return value
        } catch {
            await report(error is CancellationError ? .cancelled : .failed(String(describing: error)))
            throw error
        }
    }

    /// Reports `state` while `operation` runs and running again when it ends, however it ends.
    func reporting<Value>(_ state: TaskState, during operation: () async throws -> Value) async throws -> Value {
        await report(state)
        do {
            let value = try await operation()
            await report(.running)
            return value
        } catch {
            await report(.running)
            throw error
        }
    }
}
