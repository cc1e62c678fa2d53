/// Something an example shows in its dashboard scene besides the transcript: bars racing on
/// timelines, a countdown, a generator's state. The context stamps each with lesson time, so
/// the scene can draw a running bar or countdown growing with the clock between two marks.
public struct SceneMark: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Timelines span at least this much, so bars do not rescale while they grow.
        case timelineSpan(Duration)
        /// A bar on timeline `track` starts. Each track is drawn from its own first bar, one
        /// under another, so two ways of doing the same work race side by side.
        case barStarted(track: String, label: String)
        case barEnded(track: String, label: String, BarEnding)
        /// A limit starts running out for the call `label`.
        case countdownStarted(label: String, limit: Duration)
        /// The call `label` ended before its limit (`timedOut` false) or was cut off by it.
        case countdownEnded(label: String, timedOut: Bool)
        case generator(GeneratorStatus)
        case generated(Int)
        /// The newest reading of a bounded quantity (permits held, queue depth, files done), with
        /// a few words beside it ("4 waiting"); each label is one gauge showing its latest value.
        case gauge(label: String, value: Int, limit: Int, note: String)
        /// Who holds a share of something now (a semaphore's permits) and who waits for one,
        /// first in line first, as the dashboard's Workers pane lists them.
        case holders(holding: [String], waiting: [String])
        /// The scene's Log pane should follow the file at `path` (the log monitor's) until it
        /// has shown `afterLines` lines: the example says so before its file is removed.
        case follows(path: String)
        case stopsFollowing(afterLines: Int)
    }

    public enum BarEnding: Sendable, Equatable {
        case finished, failed, cancelled
    }

    public enum GeneratorStatus: Sendable, Equatable {
        case running, paused, stopped
    }

    /// Lesson time when it was marked.
    public let at: Duration
    public let kind: Kind

    public init(at: Duration, _ kind: Kind) {
        self.at = at
        self.kind = kind
    }
}
