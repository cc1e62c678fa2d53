import Foundation
import AsyncDemoCore

/// Runs examples: in real time scaled by a speed (the `demo` command), or in virtual time (tests).
public enum LessonRunner {
    /// Runs `body` on real time at `speed` lesson seconds per real second.
    public static func runInRealTime<Result: Sendable>(
        speed: Double, settings: LessonSettings = LessonSettings(),
        sink: @escaping @Sendable (String) -> Void,
        _ body: (LessonContext) async throws -> Result
    ) async throws -> Result {
        try await run(on: .realTime(speed: speed), settings: settings, sink: sink, body)
    }

    /// Runs `body` with lesson time from `clock`, e.g. `.simulation(_:)` for the dashboard, whose
    /// pause and step keys then pause and step the lesson. With `simulation`, the executor the
    /// caller runs on, the tasks the example spawns run there too and its blocking calls hold
    /// simulated time still (see `SimulationExecutor.runBlocking`). `scene` is the dashboard scene
    /// showing the run, if one does, and `tracker` where it shows the example's named tasks.
    public static func run<Result: Sendable>(
        on clock: LessonClock, settings: LessonSettings = LessonSettings(),
        simulation: SimulationExecutor? = nil, scene: SceneLink? = nil, tracker: LessonTaskTracker? = nil,
        sink: @escaping @Sendable (String) -> Void,
        _ body: (LessonContext) async throws -> Result
    ) async throws -> Result {
        let blocking = BlockingWork(simulation: simulation)
        return try await withScratchDirectory(in: settings.scratchParent, blocking: blocking) { directory, spawned in
            try await body(LessonContext(
                clock: clock, narrator: Narrator(clock: clock, sink: sink), blocking: blocking,
                settings: settings, scratchDirectory: directory, scene: scene, taskExecutor: simulation,
                spawned: spawned, tracker: tracker))
        }
    }

    /// Runs `body` in virtual time: every task of the lesson runs on one executor, and whenever
    /// all of them wait, time jumps to the next sleeper's deadline. No sleep takes real time.
    /// `scene` and `tracker` stand in for a dashboard scene, for tests of what an example shows there.
    public static func runInVirtualTime<Result: Sendable>(
        settings: LessonSettings = LessonSettings(), scene: SceneLink? = nil, tracker: LessonTaskTracker? = nil,
        sink: @escaping @Sendable (String) -> Void,
        _ body: @Sendable (LessonContext) async throws -> Result
    ) async throws -> Result {
        let executor = SimulationExecutor(pacing: .virtual, name: "Lessons virtual time")
        defer { executor.stop() }
        let clock = LessonClock.simulation(SimulationClock(executor: executor), from: .init(sinceStart: .zero))
        let blocking = BlockingWork(simulation: executor)
        return try await withTaskExecutorPreference(executor) {
            try await withScratchDirectory(in: settings.scratchParent, blocking: blocking) { directory, spawned in
                try await body(LessonContext(
                    clock: clock, narrator: Narrator(clock: clock, sink: sink), blocking: blocking,
                    settings: settings, scratchDirectory: directory, scene: scene, taskExecutor: executor,
                    spawned: spawned, tracker: tracker))
            }
        }
    }

    /// Runs `body` in a scratch directory of its own; when it ends, however it ends, the tasks it
    /// spawned are cancelled and awaited and then the directory is removed.
    private static func withScratchDirectory<Result>(
        in parent: URL, blocking: BlockingWork, _ body: (URL, SpawnedTasks) async throws -> Result
    ) async throws -> Result {
        let directory = try await blocking.run {
            let url = parent.appendingPathComponent("asyncdemo-lessons-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        let spawned = SpawnedTasks()
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await withTaskCancellationHandler {
                try await body(directory, spawned)
            } onCancel: {
                spawned.cancelAll()
            })
        } catch {
            result = .failure(error)
        }
        await spawned.cancelAndWait()
        try? await blocking.run { try FileManager.default.removeItem(at: directory) }
        return try result.get()
    }
}
