import AsyncDemoCore
import Logging
import TerminalKit

/// The main-actor render loop. It sleeps until something happens (a key, a resize, a signal, a
/// snapshot from a feed, the next frame of a running simulation), redraws at most
/// `maxFramesPerSecond` times a second, and sends the terminal only the cells that changed.
/// While paused and untouched it does not wake at all.
@MainActor
public final class DashboardRunner {
    enum LoopEvent: Sendable {
        case terminal(TerminalEvent)
        case log(LogPaneSnapshot)
        case workers(WorkersSnapshot)
        case queue(QueuePaneSnapshot)
        case tasks(TaskBoardSnapshot)
        case lesson(LessonTranscript)
        case wake
    }

    public private(set) var model: DashboardModel
    private let terminal: any InteractiveTerminal
    private let theme: Theme
    private let minimumFrameInterval: Duration
    private let clock = ContinuousClock()
    private let events: AsyncStream<LoopEvent>
    private let eventSink: AsyncStream<LoopEvent>.Continuation
    private var previousScreen: ScreenBuffer?
    private var lastFrame: ContinuousClock.Instant?
    private var recentFrames: [ContinuousClock.Instant] = []
    private var uptime: UptimeClock
    private var pendingWake: (deadline: ContinuousClock.Instant, task: Task<Void, Never>)?
    private let logFeed: LogFeed?
    private let scenario: DemoScenario?
    private let activity: Logger?
    /// Carries key commands to the scenario one at a time, in the order they were pressed.
    private let commandSink: AsyncStream<ScenarioCommand>.Continuation
    private let commandStream: AsyncStream<ScenarioCommand>
    private var frameTimes: FrameTimes?
    /// Until then, changes draw at once instead of waiting for the next frame slot: the frame a
    /// key press itself draws would otherwise make the snapshot showing its effect wait a whole
    /// frame interval (a third of the 50 ms a key may take to show at 30 fps).
    private var respondUntil: ContinuousClock.Instant?

    public init(terminal: any InteractiveTerminal, theme: Theme, maxFramesPerSecond: Int, logFeed: LogFeed? = nil,
                scenario: DemoScenario? = nil, activity: Logger? = nil, showStats: Bool = false) {
        self.logFeed = logFeed
        self.scenario = scenario
        self.activity = activity
        (commandStream, commandSink) = AsyncStream.makeStream()
        frameTimes = showStats ? FrameTimes() : nil
        self.terminal = terminal
        self.theme = theme
        self.model = DashboardModel(size: terminal.size)
        if let scenario { model.speed = scenario.settings.speed }
        minimumFrameInterval = .seconds(1) / max(1, maxFramesPerSecond)
        (events, eventSink) = AsyncStream<LoopEvent>.makeStream()
        uptime = UptimeClock(start: clock.now)
    }

    /// Runs until a key or signal ends the app; returns the exit status.
    public func run() async -> Int32 {
        let forwarding = Task { [terminal, eventSink] in
            for await event in terminal.events { eventSink.yield(.terminal(event)) }
        }
        let feeding = Task { [logFeed, eventSink] in
            guard let logFeed else { return }
            async let following: Void = logFeed.run()
            for await snapshot in logFeed.snapshots { eventSink.yield(.log(snapshot)) }
            await following
        }
        let simulating = Task { [scenario, eventSink, commandStream] in
            guard let scenario else { return }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await snapshot in scenario.pool.snapshots() { eventSink.yield(.workers(snapshot)) }
                }
                group.addTask {
                    for await snapshot in scenario.pipeline.snapshots() { eventSink.yield(.queue(snapshot)) }
                }
                group.addTask {
                    for await snapshot in scenario.board.snapshots(interval: .milliseconds(30)) { eventSink.yield(.tasks(snapshot)) }
                }
                // Keys act while the scenario is still starting: 10,000 workers take seconds to spawn.
                group.addTask { await scenario.start() }
                group.addTask {
                    for await transcript in scenario.lessonFeed.snapshots { eventSink.yield(.lesson(transcript)) }
                }
                group.addTask {
                    for await command in commandStream { await scenario.perform(command) }
                }
            }
        }
        defer {
            feeding.cancel()
            forwarding.cancel()
            simulating.cancel()
            commandSink.finish()
            pendingWake?.task.cancel()
        }
        activity?.info("dashboard started", metadata: ["size": "\(model.size)"])
        drawFrame()
        for await event in events {
            switch event {
            case .terminal(let terminalEvent): handle(terminalEvent)
            case .log(let snapshot): model.receive(snapshot)
            case .workers(let snapshot): model.workers = snapshot
            case .queue(let snapshot): model.queue = snapshot
            case .tasks(let snapshot): model.tasks = snapshot
            case .lesson(let transcript): model.receive(transcript)
            case .wake:
                // A timer cancelled just after it fired may still deliver its wake; only the
                // one now due frees the slot, so a newer timer is never forgotten.
                if let pendingWake, pendingWake.deadline <= clock.now { self.pendingWake = nil }
            }
            if let status = model.exitStatus {
                await scenario?.stop()
                activity?.info("dashboard stopped", metadata: ["exit": "\(status)", "uptime": "\(HeaderBar.formatUptime(model.uptime))"])
                return status
            }
            requestFrame()
        }
        return model.exitStatus ?? 0
    }

    private func handle(_ event: TerminalEvent) {
        switch event {
        case .key(let key):
            respondUntil = clock.now + Self.keyResponseWindow
            let before = model
            model.handle(key)
            if before.isPaused != model.isPaused {
                uptime.setPaused(model.isPaused, at: clock.now)
                activity?.info(model.isPaused ? "paused" : "resumed", metadata: ["uptime": "\(HeaderBar.formatUptime(uptime.elapsed(at: clock.now)))"])
            }
            for command in model.takeCommands() { commandSink.yield(command) }
            if before.logView.filter != model.logView.filter {
                activity?.info(model.logView.filter.map { "log filter set to \"\($0)\"" } ?? "log filter cleared")
            }
        case .resize(let size):
            if size != model.size { activity?.info("terminal resized", metadata: ["size": "\(size)"]) }
            model.size = size
            previousScreen = nil
        case .signal(.suspend):
            terminal.suspendToShell()
            previousScreen = nil
        case .signal(let signal):
            model.exitStatus = signal.exitStatus
        }
    }

    /// How long after a key its effects draw without waiting for a frame slot.
    static let keyResponseWindow: Duration = .milliseconds(100)

    private func requestFrame() {
        let now = clock.now
        let responding = respondUntil.map { now < $0 } ?? false
        if let lastFrame, now < lastFrame + minimumFrameInterval, !responding {
            wake(at: lastFrame + minimumFrameInterval)
        } else {
            drawFrame()
        }
    }

    private func drawFrame() {
        let now = clock.now
        model.uptime = uptime.elapsed(at: now)
        model.simulationNow = scenario?.time.now()
        recentFrames.removeAll { now - $0 >= .seconds(1) }
        recentFrames.append(now)
        model.framesPerSecond = recentFrames.count
        model.stats = frameTimes?.summary
        let screen = DashboardView.render(model, theme: theme)
        let runs = BufferDiff.runs(from: previousScreen, to: screen)
        if !runs.isEmpty { terminal.present(runs) }
        frameTimes?.record(clock.now - now)
        previousScreen = screen
        lastFrame = now
        if scenario != nil, !model.isPaused {
            // Progress bars and ages move with simulated time: animate at the frame rate.
            wake(at: now + minimumFrameInterval)
        } else if let tick = uptime.nextSecondBoundary(after: now) {
            wake(at: tick)
        }
    }

    /// Keeps at most one timer, the earliest one asked for.
    private func wake(at deadline: ContinuousClock.Instant) {
        if let pendingWake {
            if pendingWake.deadline <= deadline { return }
            pendingWake.task.cancel()
        }
        let task = Task { [clock, eventSink] in
            do {
                try await clock.sleep(until: deadline)
                eventSink.yield(.wake)
            } catch {}
        }
        pendingWake = (deadline, task)
    }
}

/// Uptime that stands still while paused.
struct UptimeClock {
    private var runningSince: ContinuousClock.Instant?
    private var banked: Duration = .zero

    init(start: ContinuousClock.Instant) { runningSince = start }

    func elapsed(at now: ContinuousClock.Instant) -> Duration {
        banked + (runningSince.map { now - $0 } ?? .zero)
    }

    mutating func setPaused(_ paused: Bool, at now: ContinuousClock.Instant) {
        if paused, let since = runningSince {
            banked += now - since
            runningSince = nil
        } else if !paused, runningSince == nil {
            runningSince = now
        }
    }

    /// When the shown uptime next changes; nil while paused, when it never does.
    func nextSecondBoundary(after now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard runningSince != nil else { return nil }
        let elapsed = elapsed(at: now)
        let intoSecond = Duration(secondsComponent: 0, attosecondsComponent: elapsed.components.attoseconds)
        return now + (.seconds(1) - intoSecond)
    }
}

/// The build-and-draw time of recent frames, for `--stats`.
struct FrameTimes {
    private var recent: [Duration] = []
    private var count = 0
    private let window = 300

    mutating func record(_ duration: Duration) {
        if recent.count == window { recent.removeFirst() }
        recent.append(duration)
        count += 1
    }

    var summary: FrameStats {
        let sorted = recent.sorted()
        guard !sorted.isEmpty else { return FrameStats() }
        func percentile(_ p: Double) -> Duration { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return FrameStats(frames: count, p50: percentile(0.5), p99: percentile(0.99), worst: sorted.last ?? .zero)
    }
}
