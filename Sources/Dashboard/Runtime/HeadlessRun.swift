import Simulation
import AsyncDemoCore
import Logging
import TerminalKit

/// Runs the default scenario without a terminal, for `asyncdemo-tui snapshot`: the simulation
/// clock is stepped tick by tick (the run is as fast as the machine, and repeatable from its
/// seed), keys are pressed as a person would, and the screen is rendered at the end.
public enum HeadlessRun {
    /// Where the Log pane's lines come from: the scenario's own activity log (from its event
    /// log, stamped with simulated time) or a followed file.
    public enum LogSource: Sendable {
        case activity
        case file(LogSnapshot)
    }

    /// One step of a script: a key, or simulated time to let pass before the next key.
    public enum ScriptStep: Sendable, Equatable {
        case key(KeyEvent)
        case wait(Duration)
    }

    /// - Parameter scene: a lesson scene (`basics/concurrent`, or `basics` for its first example)
    ///   started before the clock is stepped, so that `after` is also the lesson's time.
    public static func render(
        settings: ScenarioSettings, after: Duration, keys: [ScriptStep], size: Size, theme: Theme, log source: LogSource,
        scene: String? = nil
    ) async -> ScreenBuffer {
        await run(settings: settings, after: after, keys: keys, size: size, theme: theme, log: source, scene: scene).screen
    }

    /// What a stepped run ends with: the screen, and the event log it was drawn from.
    public struct Outcome: Sendable {
        public let screen: ScreenBuffer
        public let events: EventLog.Contents
    }

    /// `render`, keeping the event log too; `eachFrame` sees the frame after every tick, and the
    /// event log it was taken from. `eachTick` is given the event log after every tick (a
    /// recording catches up there), and the run goes on once it returns.
    public static func run(
        settings: ScenarioSettings, after: Duration, keys: [ScriptStep], size: Size, theme: Theme, log source: LogSource,
        scene: String? = nil, eachFrame: ((SimulationFrame, EventLog) -> Void)? = nil,
        eachTick: ((EventLog) async -> Void)? = nil
    ) async -> Outcome {
        var scenario = DemoScenario(settings: settings, log: Logger(label: "activity") { _ in SwiftLogNoOpLogHandler() },
                                    startPaused: true)
        var model = DashboardModel(size: size, speed: settings.speed, followsFile: { if case .file = source { true } else { false } }())
        if case .file(let snapshot) = source { _ = model.update(.followedLog(snapshot)) }
        scenario.start()
        if let scene, let pick = LessonPick(named: scene, run: 1) {
            for case .perform(let command) in model.update(.startScene(lessonIndex: pick.lessonIndex, exampleIndex: pick.exampleIndex)) {
                scenario.perform(command)
            }
        }
        await advance(scenario, by: after, eachFrame: eachFrame, eachTick: eachTick)
        _ = model.update(.frame(await scenario.settledFrame()))
        // The header's uptime, which stands still while paused.
        var uptime = after
        var rewind: EventReplay?
        for step in keys {
            switch step {
            case .wait(let duration):
                // Paused, simulated time stands still while real time passes, as in a live run.
                if !model.isPaused {
                    await advance(scenario, by: duration, eachFrame: eachFrame, eachTick: eachTick)
                    uptime += duration
                }
            case .key(let key):
                for effect in model.update(.key(key)) {
                    switch effect {
                    case .restartScenario:
                        scenario = await scenario.restart()
                        uptime = .zero
                        rewind = nil
                    case .showPast(let instant):
                        _ = model.update(DashboardRunner.past(at: instant, of: scenario, rewind: &rewind))
                    // This run steps its clock by hand: pausing is the model's not stepping it.
                    case .perform(.setPaused): break
                    case .perform(.step): await advance(scenario, by: DemoScenario.tick, eachFrame: eachFrame, eachTick: eachTick)
                    case .perform(let command): scenario.perform(command)
                    default: break
                    }
                }
            }
            _ = model.update(.frame(await scenario.settledFrame()))
        }
        _ = model.update(.tick(DrawTick(uptime: uptime, framesPerSecond: DrawTick.defaultFramesPerSecond)))
        let events = scenario.events.contents()
        await scenario.stop()
        return Outcome(screen: DashboardView.render(model, theme: theme), events: events)
    }

    /// Lets `duration` of simulated time pass, a tick at a time, each tick once the simulation
    /// has done everything the one before allowed.
    static func advance(_ scenario: DemoScenario, by duration: Duration,
                        eachFrame: ((SimulationFrame, EventLog) -> Void)?, eachTick: ((EventLog) async -> Void)? = nil) async {
        var elapsed: Duration = .zero
        await scenario.executor.quiet()
        while elapsed < duration {
            let step = min(DemoScenario.tick, duration - elapsed)
            scenario.executor.step(by: step)
            elapsed += step
            if let eachFrame { eachFrame(await scenario.settledFrame(), scenario.events) } else { await scenario.executor.quiet() }
            await eachTick?(scenario.events)
        }
    }

    /// "jj<Enter>" as key presses: `<Enter>`, `<Esc>`, `<Space>`, `<Up>`, `<Down>`, `<Left>`,
    /// `<Right>`, `<Tab>`, `<Delete>` by name, `<Wait:SECONDS>` for simulated time passing
    /// between keys (0 to 3600, e.g. `<Wait:2.5>`), any other character as itself; nil if a name
    /// is unknown or a wait is out of range.
    public static func parseKeys(_ text: String) -> [ScriptStep]? {
        let named: [String: KeyEvent] = [
            "enter": .enter, "esc": .escape, "space": .character(" "), "up": .up, "down": .down, "left": .left,
            "right": .right, "tab": .tab, "delete": .delete,
        ]
        var steps: [ScriptStep] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">") {
                let name = rest[rest.index(after: rest.startIndex)..<close].lowercased()
                if name.hasPrefix("wait:") {
                    guard let seconds = Double(name.dropFirst(5)), seconds >= 0, seconds <= 3600 else { return nil }
                    steps.append(.wait(.milliseconds(Int64((seconds * 1000).rounded()))))
                } else {
                    guard let key = named[name] else { return nil }
                    steps.append(.key(key))
                }
                rest = rest[rest.index(after: close)...]
            } else {
                steps.append(.key(.character(first)))
                rest = rest.dropFirst()
            }
        }
        return steps
    }
}
