import AsyncDemoCore
import Dispatch
import Foundation
import Lessons

extension TaskKind {
    /// A lesson scene's example, run by `LessonStage`.
    public static let lesson: TaskKind = "lesson"
}

/// Runs a scene's example as a task on the scenario's board and simulation clock: the Tasks pane
/// lists it with its state, the clock keys pause, step and scale it like the scenario, and `c`
/// on it cancels it. One scene at a time; starting another cancels the one before.
actor LessonStage {
    /// The transcript of the current scene, for the dashboard.
    nonisolated let feed = LessonFeed()
    private let context: ScenarioContext
    private let settings: LessonSettings
    private var current: TaskID?

    init(context: ScenarioContext) {
        self.context = context
        // A folder of this scenario's own (tests run several at once), removed when it stops, so a lesson cut short
        // by quitting leaves no scratch files behind; the large file is kept small on a dashboard.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("asyncdemo-tui-scenes-\(getpid())-\(UUID().uuidString)")
        settings = LessonSettings(largeFileBytes: 20 * 1_000_000, scratchParent: scratch)
    }

    func start(_ pick: LessonPick) async {
        await end()
        let feed = feed, settings = settings, clock = context.clock, example = pick.example
        feed.began(run: pick.run)
        context.log.info("lesson scene \(pick.name) started")
        current = await context.spawn(
            "lesson \(pick.name)", kind: .lesson,
            onEnd: { _, state in feed.ended(run: pick.run, as: Self.status(of: state)) },
            body: { _ in
                try await LessonRunner.run(on: .simulation(clock), settings: settings, sink: feed.sink(for: pick.run)) {
                    try await example.run($0)
                }
            })
    }

    /// Cancels the current scene's example, if one runs; its panel keeps what it said.
    func end() async {
        guard let current else { return }
        self.current = nil
        await context.board.cancel(current)
    }

    /// Ends the scene and removes the scratch folder, off the cooperative pool (ENGINEERING §3.13).
    func stop() async {
        await end()
        let folder = settings.scratchParent
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                try? FileManager.default.removeItem(at: folder)
                done.resume()
            }
        }
    }

    static func status(of state: TaskState) -> LessonTranscript.Status {
        switch state {
        case .cancelled: .cancelled
        case .failed(let message): .failed(message)
        default: .completed
        }
    }
}
