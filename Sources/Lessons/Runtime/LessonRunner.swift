import Foundation

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
    /// pause and step keys then pause and step the lesson. `blockingObserver` hears of every
    /// blocking call, so a caller stepping the clock by hand can wait for them between steps.
    public static func run<Result: Sendable>(
        on clock: LessonClock, settings: LessonSettings = LessonSettings(),
        blockingObserver: (any BlockingWorkObserver)? = nil,
        sink: @escaping @Sendable (String) -> Void,
        _ body: (LessonContext) async throws -> Result
    ) async throws -> Result {
        let blocking = BlockingWork(observer: blockingObserver)
        return try await withScratchDirectory(in: settings.scratchParent, blocking: blocking) { directory in
            try await body(LessonContext(
                clock: clock, narrator: Narrator(clock: clock, sink: sink), blocking: blocking,
                settings: settings, scratchDirectory: directory, taskExecutor: nil))
        }
    }

    /// Runs `body` in virtual time: every task of the lesson runs on one executor, and whenever
    /// all of them wait, time jumps to the next sleeper's deadline. No sleep takes real time.
    public static func runInVirtualTime<Result: Sendable>(
        settings: LessonSettings = LessonSettings(),
        sink: @escaping @Sendable (String) -> Void,
        _ body: @Sendable (LessonContext) async throws -> Result
    ) async throws -> Result {
        let executor = VirtualTimeExecutor()
        defer { executor.stop() }
        let clock = LessonClock(timeline: executor)
        let blocking = BlockingWork(observer: executor)
        return try await withTaskExecutorPreference(executor) {
            try await withScratchDirectory(in: settings.scratchParent, blocking: blocking) { directory in
                try await body(LessonContext(
                    clock: clock, narrator: Narrator(clock: clock, sink: sink), blocking: blocking,
                    settings: settings, scratchDirectory: directory, taskExecutor: executor))
            }
        }
    }

    private static func withScratchDirectory<Result>(
        in parent: URL, blocking: BlockingWork, _ body: (URL) async throws -> Result
    ) async throws -> Result {
        let directory = try await blocking.run {
            let url = parent.appendingPathComponent("asyncdemo-lessons-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        do {
            let result = try await body(directory)
            try? await blocking.run { try FileManager.default.removeItem(at: directory) }
            return result
        } catch {
            try? await blocking.run { try FileManager.default.removeItem(at: directory) }
            throw error
        }
    }
}
