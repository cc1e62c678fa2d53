import Simulation
import AsyncDemoCore
import Logging
import TerminalKit

/// The main-actor render loop. It merges its inputs (keys, resizes and signals from the terminal,
/// frames from the simulation, the followed file's feed), passes each through the model's one
/// door (`DashboardModel.update`), carries out the effects, and draws at most
/// `maxFramesPerSecond` times a second, sending the terminal only the cells that changed.
/// While paused and untouched it does not wake at all.
@MainActor
public final class DashboardRunner {
    enum Input: Sendable {
        case terminal(TerminalEvent)
        /// A frame of the scenario's `run`-th start (0 the first): a restart's old frames are dropped.
        case frame(SimulationFrame, run: Int)
        case followedLog(LogSnapshot)
        case activityLogStopped(ActivityLogFailure)
        case recordingStopped(RecordingFailure)
        /// The attached program's stream brought events, or ended.
        case attachChanged
        /// A program of the attached one's name started again, after it exited.
        case successorStarted(ReattachTarget)
        case wake
    }

    public private(set) var model: DashboardModel
    private let terminal: any InteractiveTerminal
    private let theme: Theme
    private let minimumFrameInterval: Duration
    private let clock: any RenderClock
    private let inputs: AsyncStream<Input>
    private let inputSink: AsyncStream<Input>.Continuation
    private var previousScreen: ScreenBuffer?
    private var lastFrame: ContinuousClock.Instant?
    private var recentFrames: [ContinuousClock.Instant] = []
    private var uptime: UptimeClock
    private var pendingWake: (deadline: ContinuousClock.Instant, task: Task<Void, Never>)?
    private let logFeed: LogFeed?
    private var scenario: DemoScenario?
    /// Starts of the scenario so far, less one: which run the frames in flight belong to.
    private var scenarioRun = 0
    private var framing: Task<Void, Never>?
    /// The run's replay from its event log, made at the first rewind (`,`) and fed at each.
    private var rewind: EventReplay?
    /// A recording shown instead of a scenario (`asyncdemo-tui replay`).
    private var playback: ReplayPlayback?
    /// An attached program's stream shown instead of a scenario (`asyncdemo-tui attach`).
    private var attach: AttachFeed?
    private var attaching: Task<Void, Never>?
    /// Finds a program of the attached one's name started again, once it has exited.
    private let reattacher: Reattacher?
    private var watching: Task<Void, Never>?
    private var offeredSuccessor: ReattachTarget?
    private var activity: Logger?
    private let activityFailures: AsyncStream<ActivityLogFailure>?
    /// Where the run's events are recorded (`--record`), told at each frame to catch up.
    private let recording: RecordingWriter?
    private var frameTimes: FrameTimes?
    /// Frames drawn and inputs handled so far (for tests of the pacing).
    private(set) var framesDrawn = 0
    private(set) var inputsHandled = 0
    private let maxFramesPerSecond: Int

    /// - Parameter activityFailures: the activity log file's write failure, if it stops (a full
    ///   disk): the Log pane then says so at once.
    public convenience init(terminal: any InteractiveTerminal, theme: Theme, maxFramesPerSecond: Int, logFeed: LogFeed? = nil,
                scenario: DemoScenario? = nil, activity: Logger? = nil,
                activityFailures: AsyncStream<ActivityLogFailure>? = nil, showStats: Bool = false,
                recording: RecordingWriter? = nil, replay: Recording? = nil, replayFrom: Duration = .zero,
                replaySpeed: Double? = nil, attach: AttachFeed? = nil, reattacher: Reattacher? = nil) {
        self.init(terminal: terminal, theme: theme, maxFramesPerSecond: maxFramesPerSecond, logFeed: logFeed,
                  scenario: scenario, activity: activity, activityFailures: activityFailures, showStats: showStats,
                  clock: SystemRenderClock(), recording: recording, replay: replay, replayFrom: replayFrom,
                  replaySpeed: replaySpeed, attach: attach, reattacher: reattacher)
    }

    init(terminal: any InteractiveTerminal, theme: Theme, maxFramesPerSecond: Int, logFeed: LogFeed?,
         scenario: DemoScenario?, activity: Logger?, activityFailures: AsyncStream<ActivityLogFailure>? = nil,
         showStats: Bool, clock: any RenderClock, recording: RecordingWriter? = nil, replay: Recording? = nil,
         replayFrom: Duration = .zero, replaySpeed: Double? = nil, attach: AttachFeed? = nil, reattacher: Reattacher? = nil) {
        self.attach = attach
        self.reattacher = reattacher
        self.recording = recording
        self.logFeed = logFeed
        self.scenario = scenario
        self.activity = activity
        self.activityFailures = activityFailures
        self.clock = clock
        frameTimes = showStats ? FrameTimes() : nil
        self.terminal = terminal
        self.theme = theme
        let playback = replay.map {
            ReplayPlayback(RecordingFrames($0), from: replayFrom, speed: replaySpeed, paused: false, now: clock.now)
        }
        self.playback = playback
        model = DashboardModel(size: terminal.size, speed: scenario?.settings.speed ?? replaySpeed ?? playback?.frames.settings.speed ?? 1,
                               followsFile: logFeed != nil, isReplay: playback != nil)
        self.maxFramesPerSecond = max(1, maxFramesPerSecond)
        minimumFrameInterval = .seconds(1) / max(1, maxFramesPerSecond)
        (inputs, inputSink) = AsyncStream<Input>.makeStream()
        uptime = UptimeClock(start: clock.now)
        if let attach { model.startAttached(to: attach.source) }
        if let program = replay?.header.program { model.startReplaying(program: program) }
    }

    /// Runs until a key or signal ends the app; returns the exit status. Every task it starts
    /// is cancelled and awaited before it returns.
    public func run() async -> Int32 {
        let forwarding = Task { [terminal, inputSink] in
            for await event in terminal.events { inputSink.yield(.terminal(event)) }
        }
        let feeding = Task { [logFeed, inputSink] in
            guard let logFeed else { return }
            async let following: Void = logFeed.run()
            for await snapshot in logFeed.snapshots { inputSink.yield(.followedLog(snapshot)) }
            await following
        }
        let hearingFailures = Task { [activityFailures, inputSink] in
            guard let activityFailures else { return }
            for await failure in activityFailures { inputSink.yield(.activityLogStopped(failure)) }
        }
        let hearingRecording = Task { [recording, inputSink] in
            guard let recording else { return }
            for await failure in recording.failures { inputSink.yield(.recordingStopped(failure)) }
        }
        startReading()
        startFraming()
        // Keys act while the scenario is still starting: 10,000 workers take seconds to spawn.
        scenario?.start()
        activity?.info("dashboard started", metadata: ["size": "\(model.size)"])
        showReplay(moved: true)
        showAttached()
        drawFrame()
        var status: Int32 = 0
        loop: for await input in inputs {
            let effects: [Effect]
            var waitForEffect = false
            switch input {
            case .terminal(.key(let key)):
                effects = model.update(.key(key))
                waitForEffect = asksScenario(effects)
            case .terminal(.mouse(let mouse)):
                effects = model.update(.mouse(mouse))
                waitForEffect = asksScenario(effects)
            case .terminal(.resize(let size)): effects = model.update(.resized(size))
            case .terminal(.signal(let signal)): effects = model.update(.signal(signal))
            case .frame(let frame, let run):
                effects = run == scenarioRun ? model.update(.frame(frame)) : []
                // Off this loop: the recording's queue reads the event log and writes.
                if run == scenarioRun, let scenario { recording?.catchUp(scenario.events) }
            case .followedLog(let snapshot): effects = model.update(.followedLog(snapshot))
            case .activityLogStopped(let failure): effects = model.update(.activityLogStopped(failure.paneStatus))
            case .recordingStopped(let failure): effects = model.update(.recordingStopped(failure.screenNote))
            case .attachChanged: effects = []
            case .successorStarted(let target):
                await watching?.value
                watching = nil
                offeredSuccessor = target
                effects = model.update(.successorStarted(pid: target.pid))
            case .wake:
                // A timer cancelled just after it fired may still deliver its wake; only the
                // one now due frees the slot, so a newer timer is never forgotten.
                if let pendingWake, pendingWake.deadline <= clock.now { self.pendingWake = nil }
                effects = []
            }
            for effect in effects {
                if case .exit(let code) = effect {
                    status = code
                    break loop
                }
                if effect == .restartScenario {
                    await restartScenario()
                    continue
                }
                if effect == .reattach {
                    await reattach()
                    continue
                }
                carryOut(effect)
            }
            showReplay(moved: false)
            showAttached()
            if waitForEffect {
                // Drawn anyway at the next slot if no frame comes (a command that changed nothing).
                wake(at: max(clock.now, (lastFrame ?? clock.now) + minimumFrameInterval))
            } else {
                requestFrame()
            }
            inputsHandled += 1
        }
        pendingWake?.task.cancel()
        inputSink.finish()
        framing?.cancel()
        hearingFailures.cancel()
        hearingRecording.cancel()
        feeding.cancel()
        forwarding.cancel()
        attach?.source.close()
        attaching?.cancel()
        watching?.cancel()
        await scenario?.stop()
        // A timer replaced before this one was cancelled then, and its sleep throwing is all it
        // did after; the last one is awaited with the rest.
        await pendingWake?.task.value
        await framing?.value
        await hearingFailures.value
        await hearingRecording.value
        await feeding.value
        await forwarding.value
        await attaching?.value
        await watching?.value
        activity?.info("dashboard stopped", metadata: ["exit": "\(status)", "uptime": "\(HeaderBar.formatUptime(model.uptime))"])
        return status
    }

    /// The replay's frame at its instant now, when it moved (or `moved` says it did).
    private func showReplay(moved: Bool) {
        guard var playback else { return }
        let advanced = playback.advance(to: clock.now)
        self.playback = playback
        if moved || advanced { _ = model.update(.frame(playback.frame)) }
    }

    /// The attached program's panes as its stream has them now.
    private func showAttached() {
        guard let attach else { return }
        model.show(attach, at: clock.now)
        watchForSuccessor()
    }

    private func startReading() {
        attaching = Task { [attach, inputSink] in
            await attach?.run { inputSink.yield(.attachChanged) }
        }
    }

    /// Once the attached program has exited: looks for a program of its name started again.
    private func watchForSuccessor() {
        guard let reattacher, watching == nil, offeredSuccessor == nil, let attachment = model.attachment,
              attachment.ended != nil else { return }
        watching = Task { [inputSink] in
            if let found = await reattacher.watch(program: attachment.program, pid: attachment.pid) {
                inputSink.yield(.successorStarted(found))
            }
        }
    }

    /// `r`: the program started again, attached to afresh; nothing of the old one's panes stays.
    private func reattach() async {
        guard let reattacher, let target = offeredSuccessor else { return }
        offeredSuccessor = nil
        let feed: AttachFeed
        do {
            feed = try await reattacher.connect(target)
        } catch {
            _ = model.update(.reattachFailed("\(error)"))
            return
        }
        attach?.source.close()
        attaching?.cancel()
        await attaching?.value
        attach = feed
        model = DashboardModel(size: model.size)
        model.startAttached(to: feed.source)
        previousScreen = nil
        startReading()
    }

    private func startFraming() {
        let run = scenarioRun
        framing = Task { [scenario, inputSink, minimumFrameInterval] in
            guard let scenario else { return }
            for await frame in scenario.frames(interval: minimumFrameInterval) { inputSink.yield(.frame(frame, run: run)) }
        }
    }

    /// The scenario again from its start (`R`): the old run's frames stop, the new run is made
    /// as the first was, and the uptime starts again with it.
    private func restartScenario() async {
        guard let old = scenario else { return }
        framing?.cancel()
        await framing?.value
        let fresh = await old.restart()
        // A recording is of one run: given the new run's log, it ends and says so at once.
        recording?.catchUp(fresh.events)
        scenario = fresh
        rewind = nil
        scenarioRun += 1
        if activity != nil { activity = fresh.activityLog }
        activity?.info("run restarted", metadata: ["seed": "\(fresh.settings.seed)"])
        uptime = UptimeClock(start: clock.now)
        pendingWake?.task.cancel()
        pendingWake = nil
        startFraming()
    }

    /// Whether a key's or a press's effects ask the scenario for something: the frame that
    /// brings it follows within a millisecond or two, and drawing the input's own change first
    /// would make that one wait a whole slot.
    private func asksScenario(_ effects: [Effect]) -> Bool {
        scenario != nil && effects.contains { if case .perform = $0 { true } else { false } }
    }

    private func carryOut(_ effect: Effect) {
        switch effect {
        case .perform(let command):
            if case .setPaused(let paused) = command {
                uptime.setPaused(paused, at: clock.now)
                // The uptime's once-a-second wake: paused, the header's uptime stands still.
                if paused {
                    pendingWake?.task.cancel()
                    pendingWake = nil
                }
            }
            scenario?.perform(command)
            if let attach, case .cancel(let task) = command, !attach.cancel(task) {
                _ = model.update(.attachCancelUnsent)
            }
            if playback != nil {
                playback?.perform(command, at: clock.now)
                showReplay(moved: true)
            }
        case .seekReplay(let target):
            playback?.seek(to: target, at: clock.now)
            showReplay(moved: true)
        case .redrawAll: previousScreen = nil
        case .suspendToShell: terminal.suspendToShell()
        case .note(let line):
            if let scenario {
                scenario.note(line)
            } else {
                activity?.info("\(line)")
            }
        case .showPast(let instant):
            if let playback { _ = model.update(.pastFrame(playback.frames.frame(at: instant))) }
            guard let scenario else { return }
            _ = model.update(Self.past(at: instant, of: scenario, rewind: &rewind))
        case .exit, .restartScenario, .reattach: break
        }
    }

    /// The panes at a past instant, folded from the scenario's event log, as the model's event.
    nonisolated static func past(at instant: SimulationInstant, of scenario: DemoScenario, rewind: inout EventReplay?) -> DashboardEvent {
        var replay = rewind ?? scenario.replayFromStart()
        defer { rewind = replay }
        do {
            return .pastFrame(try replay.frame(at: instant, in: scenario.events))
        } catch {
            // The log dropped its oldest events before this replay read them (a run past 200,000).
            replay = scenario.replayFromStart()
            return .pastUnavailable("the event log no longer holds the run's start")
        }
    }

    /// Draws now if the last frame is at least a frame interval old, else at that slot: frames
    /// are never closer than the interval, so the rate never passes the cap, and whatever
    /// arrived (a key, its effect, a resize) shows within one interval.
    private func requestFrame() {
        let now = clock.now
        let slot = lastFrame.map { $0 + minimumFrameInterval } ?? now
        if now < slot {
            wake(at: slot)
        } else {
            drawFrame()
        }
    }

    private func drawFrame() {
        let now = clock.now
        recentFrames.removeAll { now - $0 >= .seconds(1) }
        recentFrames.append(now)
        _ = model.update(.tick(DrawTick(uptime: playback?.instant.sinceStart ?? uptime.elapsed(at: now),
                                        framesPerSecond: recentFrames.count,
                                        stats: frameTimes?.summary)))
        let screen = DashboardView.render(model, theme: theme)
        let runs = BufferDiff.runs(from: previousScreen, to: screen)
        if !runs.isEmpty { terminal.present(runs) }
        frameTimes?.record(clock.now - now)
        previousScreen = screen
        lastFrame = now
        framesDrawn += 1
        // Frames from a running simulation wake the loop by themselves; the uptime in the header
        // needs a wake only once a second, and none while paused.
        if let tick = uptime.nextSecondBoundary(after: now) { wake(at: tick) }
        // A replay has no simulation to send frames: while it plays, the loop wakes for each.
        if playback?.isPlaying == true { wake(at: now + minimumFrameInterval) }
    }

    /// Keeps at most one timer, the earliest one asked for.
    private func wake(at deadline: ContinuousClock.Instant) {
        if let pendingWake {
            if pendingWake.deadline <= deadline { return }
            pendingWake.task.cancel()
        }
        let task = Task { [clock, inputSink] in
            do {
                try await clock.sleep(until: deadline)
                inputSink.yield(.wake)
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
