import Foundation
import Synchronization

/// Knobs an example reads; the command and the tests set them, the defaults match issue 6.
public struct LessonSettings: Sendable {
    /// Size of the generated file the large-file example streams.
    public var largeFileBytes: Int
    /// Seed for every generated input (link graph, file contents, request outcomes).
    public var seed: UInt64
    /// Where each run makes its scratch directory; the command points it at a folder of its own
    /// so that an interrupted run can remove what it wrote (the large file is 200 MB).
    public var scratchParent: URL

    public init(largeFileBytes: Int = 200 * 1_000_000, seed: UInt64 = 6,
                scratchParent: URL = FileManager.default.temporaryDirectory) {
        self.largeFileBytes = largeFileBytes
        self.seed = seed
        self.scratchParent = scratchParent
    }
}

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

    /// `Task { ... }` for examples: an unstructured task that stays on the lesson's executor. It
    /// is cancelled, and awaited, when the run ends, so a scene cut short leaves nothing running.
    public func spawn<Success: Sendable>(
        _ operation: sending @escaping () async throws -> Success
    ) -> Task<Success, any Error> {
        let task = Task(executorPreference: taskExecutor, operation: operation)
        spawned.add(task)
        return task
    }

    /// Shows `kind` in the scene, stamped with lesson time now; nothing without a scene.
    public func mark(_ kind: SceneMark.Kind) {
        scene?.marks(SceneMark(at: clock.elapsed, kind))
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

/// The tasks a run spawned, to cancel and await when it ends.
final class SpawnedTasks: Sendable {
    private let waits = Mutex<[(cancel: @Sendable () -> Void, wait: @Sendable () async -> Void)]>([])

    func add<Success: Sendable>(_ task: Task<Success, any Error>) {
        waits.withLock { $0.append((task.cancel, { _ = await task.result })) }
    }

    func cancelAndWait() async {
        let all = waits.withLock { $0 }
        for task in all { task.cancel() }
        for task in all { await task.wait() }
    }
}
