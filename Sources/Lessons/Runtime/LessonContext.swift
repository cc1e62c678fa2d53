import AsyncDemoCore
import Foundation

/// Everything an example runs with: the clock for lesson time, the narrator, a way to run
/// blocking calls, a scratch directory it may fill, its settings, and in the dashboard the scene.
public struct LessonContext: Sendable {
    public let clock: LessonClock
    public let narrator: Narrator
    public let blocking: BlockingWork
    public let settings: LessonSettings
    /// An empty directory of the run's own, removed afterwards.
    public let scratchDirectory: URL
    /// The dashboard scene showing this run; nil in the plain command and the tests of it.
    public let scene: SceneLink?
    /// Where unstructured tasks run: in tests the virtual-time executor, so they are counted as
    /// part of the lesson; nil (the global pool) in the command.
    let taskExecutor: (any TaskExecutor)?
    let spawned: SpawnedTasks
    /// In a scene, where the tasks named with `task(_:)` and `spawn(_:_:)` are shown.
    let tracker: LessonTaskTracker?

    /// `Task { ... }` for examples: an unstructured task that stays on the lesson's executor. It
    /// is cancelled with the run, and awaited when the run ends, so a scene cut short leaves
    /// nothing running (awaiting a task's value does not pass cancellation on by itself).
    public func spawn<Success: Sendable>(
        _ operation: sending @escaping () async throws -> Success
    ) -> Task<Success, any Error> {
        let task = Task(executorPreference: taskExecutor, operation: operation)
        spawned.add(task)
        return task
    }

    /// `spawn`, and in a scene the task is shown as `name` under the lesson's task (or under the
    /// named task it is spawned from), with its states as they change.
    public func spawn<Success: Sendable>(
        _ name: String, _ operation: sending @escaping () async throws -> Success
    ) -> Task<Success, any Error> {
        guard let tracker else { return spawn(operation) }
        let cancel = PendingCancel(), parent = TrackedLessonTask.current?.id
        let task = spawn {
            let id = await tracker.begin(name, parent, cancel.cancel)
            return try await TrackedLessonTask(id: id, tracker: tracker).run(operation)
        }
        cancel.attach(task.cancel)
        return task
    }

    /// Runs `operation`, the whole work of a child task (of a task group or an `async let`), as
    /// task `name`: in a scene it is shown under the lesson's task (or under the named task it
    /// runs in) with its states as they change, and cancelling it there cancels it; with `bar`,
    /// it is also bar `name` on that timeline. Without a scene it just runs `operation`.
    public func task<Value: Sendable>(
        _ name: String, bar track: String? = nil, _ operation: sending @escaping () async throws -> Value
    ) async throws -> Value {
        let body: () async throws -> Value = if let track {
            { try await bar(name, on: track, operation) }
        } else {
            operation
        }
        guard let tracker else { return try await body() }
        let cancel = PendingCancel()
        let id = await tracker.begin(name, TrackedLessonTask.current?.id, cancel.cancel)
        // A task of its own, so the board can cancel just this one; awaited here, and cancelled
        // with the child task it stands for.
        let work = Task(executorPreference: taskExecutor) {
            try await TrackedLessonTask(id: id, tracker: tracker).run(body)
        }
        cancel.attach(work.cancel)
        return try await withTaskCancellationHandler { try await work.value } onCancel: { work.cancel() }
    }

    /// Runs `operation`, which waits for `reason` (the caller knows it will: a `tryAcquire` or an
    /// `offer` just failed), showing the current named task as waiting meanwhile in a scene. Not
    /// for a task already cancelled: its waits on the primitives end at once.
    public func waiting<Value>(for reason: WaitReason, _ operation: () async throws -> Value) async throws -> Value {
        guard let tracked = TrackedLessonTask.current, !Task.isCancelled else { return try await operation() }
        return try await tracked.reporting(.waiting(reason), during: operation)
    }

    /// Shows `kind` in the scene, stamped with lesson time now; nothing without a scene.
    public func mark(_ kind: SceneMark.Kind) {
        mark { kind }
    }

    /// Reads what to show and takes its place among the run's marks in one step, so the scene
    /// gets them in the order they were read: tasks woken together that race to mark a gauge
    /// leave it at the newest reading, not a stale one. `reading` runs under the marks' lock,
    /// and without a scene not at all, so it must only read, never change or wait for anything.
    public func mark(reading: () -> SceneMark.Kind) {
        scene?.marks.mark { SceneMark(at: clock.elapsed, reading()) }
    }

    /// Runs `operation` as bar `label` on timeline `track` of the scene: it starts now and ends
    /// finished when `operation` returns, cancelled when it throws `CancellationError`, failed
    /// when it throws anything else (which is rethrown).
    public func bar<Value>(_ label: String, on track: String, _ operation: () async throws -> Value) async throws -> Value {
        mark(.barStarted(track: track, label: label))
        do {
            let value = try await operation()
            mark(.barEnded(track: track, label: label, .finished))
            return value
        } catch {
            mark(.barEnded(track: track, label: label, error is CancellationError ? .cancelled : .failed))
            throw error
        }
    }

    /// In a scene, waits `duration` of lesson time so a person watching at 1x can read what was
    /// just said and see the drawing before the next step; without a scene (the plain command,
    /// whose timings `--speed` alone sets) it goes straight on. Never inside a timed stretch: a
    /// beat there would change what the example measures.
    public func beat(_ duration: Duration = .seconds(1)) async throws {
        guard scene != nil else { return }
        try await sleep(duration)
    }

    /// Shorthand for `narrator.say`.
    public func say(_ text: String) {
        narrator.say(text)
    }

    /// Sleeps for `duration` of lesson time.
    public func sleep(_ duration: Duration) async throws {
        try await clock.sleep(for: duration)
    }

    /// A path inside the scratch directory.
    public func scratchPath(_ name: String) -> String {
        scratchDirectory.appendingPathComponent(name).path
    }
}
