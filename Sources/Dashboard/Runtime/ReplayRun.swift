import AsyncDemoCore
import Simulation
import TerminalKit

/// Renders a recording at one of its instants without a terminal, for `snapshot --replay`: the
/// frame is folded from the recorded events alone (no simulation runs), and keys act as they do
/// on a live run that replays, so a test can set a replay's screen beside the live run's.
public enum ReplayRun {
    public struct Outcome: Sendable {
        public let screen: ScreenBuffer
        /// The instant shown: the one asked for, or the recording's last when it ends sooner.
        public let instant: SimulationInstant
        /// What stopped the fold before the recording's end (a gap in its events), in one line.
        public let stop: String?
    }

    /// - Parameters:
    ///   - after: the recording's instant to show; keys then act from there (`<Wait:S>`
    ///     moves on unless paused, `.` steps, `,` `;` go back).
    ///   - speed: the speed the header shows (nil: the recording's own).
    public static func render(
        _ recording: Recording, after: Duration, keys: [HeadlessRun.ScriptStep], size: Size, speed: Double? = nil,
        theme: Theme
    ) -> Outcome {
        let frames = RecordingFrames(recording)
        let last = frames.end

        var model = DashboardModel(size: size, speed: speed ?? frames.settings.speed, followsFile: false, isReplay: true)
        if let program = recording.header.program { model.startReplaying(program: program) }
        var now = min(SimulationInstant.start + after, last)
        _ = model.update(.frame(frames.frame(at: now)))
        for step in keys {
            switch step {
            case .wait(let duration):
                if !model.isPaused, model.past == nil { now = min(now + duration, last) }
            case .key(let key):
                for effect in model.update(.key(key)) {
                    switch effect {
                    case .perform(.step): now = min(now + DemoScenario.tick, last)
                    case .showPast(let instant): _ = model.update(.pastFrame(frames.frame(at: instant)))
                    case .seekReplay(.start): now = .start
                    case .seekReplay(.end): now = last
                    case .seekReplay(.time(let time)): now = min(last, .start + time)
                    default: break
                    }
                }
            }
            if model.past == nil { _ = model.update(.frame(frames.frame(at: now))) }
        }
        _ = model.update(.tick(DrawTick(uptime: now.sinceStart, framesPerSecond: DrawTick.defaultFramesPerSecond)))
        return Outcome(screen: DashboardView.render(model, theme: theme), instant: now, stop: frames.stop)
    }
}
