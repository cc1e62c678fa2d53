import AsyncDemoCore
import Dispatch
import Foundation
import Lessons

extension TaskKind {
    /// A lesson scene's example, run by `LessonStage`.
    public static let lesson: TaskKind = "lesson"
    /// A task of a scene's example, under its lesson task.
    public static let lessonChild: TaskKind = "child"
}

extension LessonTaskTracker {
    /// Shows an example's named tasks on `board`, under `lesson` unless they name another parent.
    static func board(_ board: TaskBoard, under lesson: TaskID) -> LessonTaskTracker {
        LessonTaskTracker(
            begin: { name, parent, cancel in
                await board.register(name: name, kind: .lessonChild, parent: parent ?? lesson, onCancel: cancel)
            },
            report: { id, state in await board.transition(id, to: state) })
    }
}

/// Runs a scene's example as a task on the scenario's board and simulation clock: the Tasks pane
/// lists it with its state, the clock keys pause, step and scale it like the scenario, and `c`
/// on it cancels it. One scene at a time; starting another cancels the one before.
actor LessonStage {
    /// The transcript of the current scene, for the dashboard.
    nonisolated let feed: LessonFeed
    private let logFollower: SceneLogFollower
    private let context: ScenarioContext
    private let settings: LessonSettings
    private var current: (task: TaskID, run: Int, keys: AsyncStream<LessonControl>.Continuation)?
    /// Runs started, and those whose task has ended (its own scratch folder removed).
    private var startedRuns = Set<Int>(), endedRuns = Set<Int>()

    init(context: ScenarioContext) {
        self.context = context
        feed = LessonFeed(events: context.events)
        let clock = context.clock
        logFollower = SceneLogFollower(lessonFeed: feed) { clock.now.sinceStart }
        // A folder of this scenario's own (tests run several at once), removed when it stops, so
        // a lesson cut short by quitting leaves no scratch files; a dashboard's large file is small.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("asyncdemo-tui-scenes-\(getpid())-\(UUID().uuidString)")
        settings = LessonSettings(largeFileBytes: 20 * 1_000_000, scratchParent: scratch)
    }

    func start(_ pick: LessonPick) async {
        await end()
        let feed = feed, settings = settings, example = pick.example, simulation = context.clock.executor
        // Lesson time zero, read once for both the lesson's clock and the panel's reckoning.
        let start = context.clock.now
        let clock = LessonClock.simulation(context.clock, from: start)
        // Few keys, and only the example of this run reads them; a burst beyond 16 is mashing.
        let (controls, keys) = AsyncStream.makeStream(of: LessonControl.self, bufferingPolicy: .bufferingNewest(16))
        let logFollower = logFollower, run = pick.run
        let scene = SceneLink(marks: logFollower.marks(for: run), controls: controls,
                              waitUntilPaneShows: { logFollower.waitUntilShown($0, run: run) },
                              paneShows: { logFollower.recordShown($0, run: run) })
        feed.began(run: pick.run, lesson: pick.name, startedAt: start)
        logFollower.begin(run: pick.run)
        context.log.info("lesson scene \(pick.name) started")
        let task = await context.spawn(
            "lesson \(pick.name)", kind: .lesson,
            onEnd: { [self] _, state in
                feed.ended(run: pick.run, as: .init(ending: state))
                await runEnded(pick.run)
            },
            body: { [board = context.board] handle in
                try await LessonRunner.run(
                    on: clock, settings: settings, simulation: simulation, scene: scene,
                    tracker: .board(board, under: handle.id),
                    sink: feed.sink(for: pick.run)
                ) { try await example.run($0) }
            })
        current = (task, pick.run, keys)
        startedRuns.insert(pick.run)
    }

    private func runEnded(_ run: Int) { endedRuns.insert(run) }

    /// Passes a scene key on to the running example (the controllable generator reads them).
    func control(_ key: LessonControl) {
        current?.keys.yield(key)
    }

    /// The person closed the scene: its example is cancelled if it still runs, and the event
    /// log says the panel left the screen.
    func close() async {
        let run = current?.run
        await end()
        if let run { feed.record(.lessonClosed(run: run)) }
    }

    /// Cancels the current scene's example, if one runs; its panel keeps what it said.
    func end() async {
        logFollower.stop()
        guard let current else { return }
        self.current = nil
        // Cancelled before its keys end: the generator example would take the end of its keys for
        // a stop, and finish as completed rather than cancelled.
        await context.board.cancel(current.task)
        current.keys.finish()
    }

    /// Ends the scene and removes the scratch folder, off the cooperative pool (removing files
    /// blocks, and a blocked pool thread holds up every task).
    /// Removing it while the cancelled example still wrote or removed its own files left folders
    /// behind, so this first waits, at most a second, for every example's task to end.
    func stop() async {
        await end()
        let deadline = ContinuousClock.now + .seconds(1)
        while !startedRuns.isSubset(of: endedRuns), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let folder = settings.scratchParent
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                try? FileManager.default.removeItem(at: folder)
                done.resume()
            }
        }
    }

}
