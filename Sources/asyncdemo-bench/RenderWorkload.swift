import AsyncDemoCore
import Dashboard
import Simulation
import Logging
import TerminalKit

/// The dashboard's frame with 10,000 live tasks and every pane busy: a real DemoScenario (10,000
/// workers on 3 permits, producers and consumers running) and a Log pane holding 10,000 lines.
/// Each frame is what the render loop does on the main actor: pass the simulation's frame, the
/// followed log and the tick through the model's one door, render the
/// screen, diff it against the previous one. Timed at 200x60 and 100x30, each on its own model.
/// ops = frames at both sizes (seconds include the untimed snapshots); p50/p99/max are per frame
/// at one size, in milliseconds of wall time, and cpu_p50/cpu_p99 the same frames' thread CPU time.
/// With `--timeline` a third screen, 200x60 with the Timeline pane shown (`T`), takes the same
/// frames beside the plain ones, and its p99 is reported against the plain 200x60 one's.
enum RenderWorkload {
    static let liveWorkers = 10_000
    static let logLines = 10_000
    static let frames = 2000
    /// The target for building and drawing one frame, at the 99th percentile, that the README's
    /// performance table holds the dashboard to.
    static let targetP99Milliseconds = 8.0
    /// Simulated and wall time advance by one 30 fps frame per frame, so ages, progress bars and
    /// the uptime change as often as they do live, however fast the bench loop runs.
    static let frameInterval: Duration = .seconds(1) / 30
    static let sizes = [Size(width: 200, height: 60), Size(width: 100, height: 30)]
    /// The Timeline's budget at 200x60, drawing only the lanes on screen.
    static let timelineTargetP99Milliseconds = 4.0

    static func run() async throws -> BenchResult { try await run(timeline: false) }

    static func runWithTimeline() async throws -> BenchResult { try await run(timeline: true) }

    static func run(timeline: Bool) async throws -> BenchResult {
        var settings = ScenarioSettings()
        settings.workers = liveWorkers
        settings.permits = 3
        let scenario = DemoScenario(settings: settings, log: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        // Reported too: starting 10,000 workers is the slowest thing a --workers 10000 run does.
        let startSeconds = await measure {
            scenario.start()
            await scenario.executor.quiet()
        }
        // Long enough for permits to change hands, the queue to fill and the history to sample.
        let warmUp: Duration = .seconds(2)
        try await Task.sleep(for: warmUp)

        var log = filledLog()
        var screens = sizes.map { TimedScreen(model: DashboardModel(size: $0, followsFile: true)) }
        if timeline {
            var model = DashboardModel(size: sizes[0], followsFile: true)
            _ = model.update(.key(.character("T")))
            // First: the screen updated last frees the previous frame's run history (every
            // model held it, and the aggregator has since copied it to fold the new events),
            // a cost of any model that keeps the history, not of the Timeline's drawing.
            screens.insert(TimedScreen(model: model, label: "\(sizes[0].width)x\(sizes[0].height)_timeline"), at: 0)
        }
        let seconds = await measure {
            for frame in 0..<frames {
                // The frame is built on the simulation's thread in the app: untimed here too.
                let simulation = await scenario.settledFrame()
                appendLine(number: log.totalLines, to: &log)
                let tick = DrawTick(uptime: warmUp + frameInterval * frame, framesPerSecond: 30)
                for index in screens.indices {
                    screens[index].timeFrame {
                        _ = $0.update(.frame(simulation))
                        _ = $0.update(.followedLog(log))
                        _ = $0.update(.tick(tick))
                    }
                }
            }
        }
        await scenario.stop()
        var extra = screens.reduce(into: ["target_p99_ms": targetP99Milliseconds, "scenario_start_s": startSeconds]) { extra, state in
            extra.merge(state.summary(target: state.label == nil ? targetP99Milliseconds : timelineTargetP99Milliseconds)) { $1 }
        }
        if timeline, let plain = extra["p99_ms_200x60"], let withTimeline = extra["p99_ms_200x60_timeline"] {
            extra["timeline_target_p99_ms"] = timelineTargetP99Milliseconds
            extra["p99_timeline_vs_plain_200x60"] = withTimeline / plain
        }
        return BenchResult(workload: timeline ? "render --timeline" : "render", ops: frames * screens.count, seconds: seconds,
                           extra: extra)
    }

    /// A Log pane following a busy activity log: `logLines` lines of history.
    static func filledLog() -> LogSnapshot {
        var log = LogSnapshot(path: "/var/tmp/asyncdemo-tui/activity.log")
        log.status = .following
        log.linesPerSecond = 30
        for number in 0..<logLines { appendLine(number: number, to: &log) }
        return log
    }

    /// One new line per frame, the oldest dropped, as the log feed's bounded history does.
    static func appendLine(number: Int, to log: inout LogSnapshot) {
        let worker = number % liveWorkers + 1
        log.lines.append(
            "2026-11-26 00:\(number / 600 % 60):\(number / 10 % 60).\(number % 10)00 info  permit granted to w\(worker) (#\(worker)) after \(number % 97).\(number % 10)s")
        if log.lines.count > logLines { log.lines.removeFirst(1) }
        log.totalLines += 1
    }
}
