import AsyncDemoCore
import Instrumentation

extension Probe {
    /// Runs `operation` as a new task shown on the dashboard's board under `name`: spawned (a
    /// child of the tracked task or span that starts it), running, then completed, failed with
    /// the error, or cancelled. The primitives it uses name it as their holder or waiter.
    /// The returned task is the caller's, to await or cancel.
    @discardableResult
    public func task<Success: Sendable>(
        _ name: String, kind: String = "task", operation: @escaping @Sendable () async throws -> Success
    ) -> Task<Success, any Error> {
        var context = InstrumentationContext.current ?? .topLevel
        let parent = context.probeTask
        let id = registry.begin(name: name, kind: kind, parent: parent)
        ring.append(.taskSpawned(task: id, name: name, kind: kind, parent: parent))
        context.probeTask = id
        let task = Task { [self, context] in
            try await InstrumentationContext.$current.withValue(context) {
                try await run(id, operation)
            }
        }
        registry.setCancel(of: id) { task.cancel() }
        return task
    }

    /// Runs a tracked task's body: running, then completed, cancelled or failed with the error.
    func run<Success>(
        _ id: TaskID, isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> Success
    ) async throws -> Success {
        setState(of: id, to: .running)
        do {
            let result = try await operation()
            finish(id, as: .completed)
            return result
        } catch is CancellationError {
            finish(id, as: .cancelled)
            throw CancellationError()
        } catch {
            finish(id, as: .failed(String(describing: error)))
            throw error
        }
    }

    /// Records a tracked task's state, and the semaphore or queue it waits on; nothing for code
    /// outside any (task 0).
    func setState(of task: TaskID, to state: TaskState, on resource: String? = nil) {
        guard task.rawValue != 0 else { return }
        registry.setState(of: task, to: state, on: resource, ring: ring)
    }

    func finish(_ task: TaskID, as state: TaskState) {
        registry.ended(task)
        ring.append(.taskFinished(task: task, state: state))
    }
}
