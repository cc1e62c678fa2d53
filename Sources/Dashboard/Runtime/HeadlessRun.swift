import AsyncDemoCore
import Foundation
import Logging
import Synchronization
import TerminalKit

/// Runs the default scenario without a terminal, for `asyncdemo-tui snapshot`: the simulation
/// clock is stepped tick by tick (the run is as fast as the machine, and repeatable from its
/// seed), keys are pressed as a person would, and the screen is rendered at the end.
public enum HeadlessRun {
    /// Where the Log pane's lines come from: the scenario's own activity log (kept in memory,
    /// stamped with simulated time from a fixed date so screenshots repeat) or a followed file.
    public enum LogSource: Sendable {
        case activity
        case file(LogPaneSnapshot)
    }

    /// - Parameter scene: a lesson scene (`basics/concurrent`, or `basics` for its first example)
    ///   started before the clock is stepped, so that `after` is also the lesson's time.
    public static func render(
        settings: ScenarioSettings, after: Duration, keys: [KeyEvent], size: Size, theme: Theme, log source: LogSource,
        scene: String? = nil
    ) async -> ScreenBuffer {
        let memory = MemoryLog()
        let scenario = DemoScenario(settings: settings, log: Logger(label: "activity") { _ in memory.handler }, startPaused: true)
        memory.clock = scenario.time.clock
        await scenario.start()
        var model = DashboardModel(size: size)
        if let scene, let pick = LessonPick(named: scene, run: 1) {
            model.startScene(lessonIndex: pick.lessonIndex, exampleIndex: pick.exampleIndex)
            for command in model.takeCommands() { await scenario.perform(command) }
        }
        await settle(scenario)
        var elapsed: Duration = .zero
        while elapsed < after {
            await scenario.perform(.step)
            elapsed += DemoScenario.tick
            await settle(scenario)
        }
        model.speed = settings.speed
        model.uptime = after
        model.framesPerSecond = 30
        await refresh(&model, from: scenario, log: source, lines: memory.lines)
        for key in keys {
            model.handle(key)
            for command in model.takeCommands() where command != .setPaused(true) && command != .setPaused(false) {
                await scenario.perform(command)
            }
            await settle(scenario)
            await refresh(&model, from: scenario, log: source, lines: memory.lines)
        }
        await scenario.stop()
        return DashboardView.render(model, theme: theme)
    }

    private static func refresh(_ model: inout DashboardModel, from scenario: DemoScenario, log source: LogSource,
                                lines: [String]) async {
        model.workers = await scenario.pool.snapshot()
        model.queue = await scenario.pipeline.snapshot()
        model.tasks = await scenario.board.snapshot()
        model.simulationNow = scenario.time.now()
        if let transcript = await scenario.lessonFeed.snapshot().transcript { model.receive(transcript) }
        switch source {
        case .file(let snapshot): model.receive(snapshot)
        case .activity:
            var log = LogPaneSnapshot(path: "activity.log")
            log.status = .following
            log.lines.append(contentsOf: lines.suffix(10_000))
            log.totalLines = lines.count
            model.receive(log)
        }
    }

    /// Waits until the scenario's tasks have done everything the last tick allowed: the board,
    /// the queue and a scene's transcript stop changing for a few consecutive looks, no scene's
    /// file work is in flight, and the lesson feed has taken every line said.
    static func settle(_ scenario: DemoScenario) async {
        var quietLooks = 0
        var last: (UInt64, UInt64, Int)?
        while quietLooks < 4 {
            try? await Task.sleep(for: .milliseconds(1))
            let lesson = await scenario.lessonFeed.snapshot()
            let now = (await scenario.board.snapshot().version, await scenario.pipeline.snapshot().queue.version,
                       lesson.transcript?.lines.count ?? 0)
            let lessonSettled = lesson.caughtUp && scenario.lessons.blockingWork.inFlight == 0
            quietLooks = last.map { $0 == now } == true && lessonSettled ? quietLooks + 1 : 0
            last = now
        }
    }

    /// "jj<Enter>" as key presses: `<Enter>`, `<Esc>`, `<Space>`, `<Up>`, `<Down>`, `<Left>`,
    /// `<Right>`, `<Tab>`, `<Delete>` by name, any other character as itself; nil if a name is unknown.
    public static func parseKeys(_ text: String) -> [KeyEvent]? {
        let named: [String: KeyEvent] = [
            "enter": .enter, "esc": .escape, "space": .character(" "), "up": .up, "down": .down, "left": .left,
            "right": .right, "tab": .tab, "delete": .delete,
        ]
        var keys: [KeyEvent] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">") {
                guard let key = named[rest[rest.index(after: rest.startIndex)..<close].lowercased()] else { return nil }
                keys.append(key)
                rest = rest[rest.index(after: close)...]
            } else {
                keys.append(.character(first))
                rest = rest.dropFirst()
            }
        }
        return keys
    }
}

/// The activity log kept in memory, each line stamped with simulated time from a fixed date.
private final class MemoryLog: Sendable {
    /// 2026-01-01 09:00:00 UTC: screenshots show the same times on every run.
    static let firstMoment = Date(timeIntervalSince1970: 1_767_258_000)

    private let state = Mutex<(lines: [String], clock: SimulationClock?)>(([], nil))

    var lines: [String] { state.withLock { $0.lines } }

    var clock: SimulationClock? {
        get { state.withLock { $0.clock } }
        set { state.withLock { $0.clock = newValue } }
    }

    var handler: Handler { Handler(log: self) }

    fileprivate func append(level: Logger.Level, message: String, metadata: Logger.Metadata) {
        let simulated = clock?.now.sinceStart ?? .zero
        // Half a millisecond on top: the timestamp truncates to milliseconds, and 6.8 in binary is 6.7999…
        let seconds = Double(simulated.components.seconds) + Double(simulated.components.attoseconds) / 1e18 + 0.0005
        let line = ActivityLogHandler.line(time: Self.firstMoment.addingTimeInterval(seconds), level: level,
                                           message: message, metadata: metadata)
        state.withLock { $0.lines.append(line) }
    }

    struct Handler: LogHandler {
        let log: MemoryLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append(level: event.level, message: "\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 })
        }
    }
}
