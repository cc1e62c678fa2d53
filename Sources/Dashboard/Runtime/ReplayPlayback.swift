import AsyncDemoCore
import Simulation

/// A recording played at the pace of the render clock, for `asyncdemo-tui replay`: the instant
/// it shows moves with real time times the speed unless paused, and `.` steps, `g` / `G` seek.
/// The runner owns it on the main actor; a frame folds at most a checkpoint's worth of events.
struct ReplayPlayback {
    let frames: RecordingFrames
    private(set) var instant: SimulationInstant
    private(set) var isPaused: Bool
    private var speed: Double
    /// When real time last turned into replay time; nil while paused.
    private var since: ContinuousClock.Instant?

    /// - Parameter speed: the speed to start at; nil: the recording's own.
    init(_ frames: RecordingFrames, from start: Duration, speed: Double? = nil, paused: Bool, now: ContinuousClock.Instant) {
        self.frames = frames
        instant = min(SimulationInstant.start + start, frames.end)
        isPaused = paused
        self.speed = speed ?? frames.settings.speed
        since = paused ? nil : now
    }

    /// Playing and not yet at the end: the runner wakes for the next frame.
    var isPlaying: Bool { !isPaused && instant < frames.end }

    /// Moves the instant on by the real time since the last call; whether it moved.
    mutating func advance(to now: ContinuousClock.Instant) -> Bool {
        guard let since, !isPaused else { return false }
        self.since = now
        let before = instant
        instant = min(frames.end, instant + (now - since) * speed)
        return instant != before
    }

    /// What the model asked the simulation: a replay has only its clock to give.
    mutating func perform(_ command: ScenarioCommand, at now: ContinuousClock.Instant) {
        _ = advance(to: now)
        switch command {
        case .setPaused(let paused):
            isPaused = paused
            since = paused ? nil : now
        case .step: instant = min(frames.end, instant + DemoScenario.tick)
        case .setSpeed(let newSpeed): speed = newSpeed
        default: break
        }
    }

    mutating func seek(to target: ReplayTarget, at now: ContinuousClock.Instant) {
        instant = switch target {
        case .start: .start
        case .end: frames.end
        case .time(let time): min(frames.end, .start + time)
        }
        if !isPaused { since = now }
    }

    var frame: SimulationFrame { frames.frame(at: instant) }
}
