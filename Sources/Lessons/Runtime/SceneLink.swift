import Locking

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

/// A key the scene passes on to the example it shows.
public enum LessonControl: Sendable, Equatable {
    case togglePause, stop
}

/// What joins an example to the dashboard scene that shows it: where its marks go, and the keys
/// the scene passes on. The plain command runs without one, so an example that is driven from
/// the keyboard in the scene follows a script there.
public struct SceneLink: Sendable {
    /// Marks are read and handed over in one order (see `LessonContext.mark(reading:)`).
    let marks: MarkOrder
    /// The scene's keys for this run, in the order they were pressed. One consumer only.
    public let controls: AsyncStream<LessonControl>

    /// Blocks the calling (blocking-work) thread until the scene's own Log pane shows `count`
    /// lines of the file it follows, or a short limit passes: the log monitor's writer waits so,
    /// holding simulated time still, and the pane never lags the simulation it belongs to.
    public let waitUntilPaneShows: @Sendable (_ count: Int) -> Void

    public init(marks: @escaping @Sendable (SceneMark) -> Void, controls: AsyncStream<LessonControl>,
                waitUntilPaneShows: @escaping @Sendable (_ count: Int) -> Void = { _ in }) {
        self.marks = MarkOrder(handingTo: marks)
        self.controls = controls
        self.waitUntilPaneShows = waitUntilPaneShows
    }
}

/// Puts a run's marks in one order, the order they were read in, without holding a lock while
/// they are handed over: the scene's closure yields to streams and may start a task, and one
/// that marked again (or blocked on another mark) under the lock would deadlock.
///
/// A mark is read and queued under the lock. Whoever queues a mark while no hand-over is going
/// on becomes the one that hands over: it takes the queue, releases the lock, hands those marks
/// over one by one, and goes on until the queue is empty. Marks queued meanwhile, by other tasks
/// or by the closure itself, wait their turn, so they still arrive in the order they were read.
final class MarkOrder: Sendable {
    private struct State {
        var queued: [SceneMark] = []
        var handingOver = false
    }

    private let handOver: @Sendable (SceneMark) -> Void
    private let state = LockedState(State())

    init(handingTo handOver: @escaping @Sendable (SceneMark) -> Void) {
        self.handOver = handOver
    }

    /// Queues the mark `read` returns, read under the lock so it takes its place in the order
    /// at the instant it was read, then hands over what is queued unless someone already does.
    /// `read` must only read: it runs with the lock held.
    func mark(_ read: () -> SceneMark) {
        let handsOver = state.withLock { state in
            state.queued.append(read())
            guard !state.handingOver else { return false }
            state.handingOver = true
            return true
        }
        guard handsOver else { return }
        while true {
            let batch = state.withLock { state in
                let batch = state.queued
                state.queued = []
                if batch.isEmpty { state.handingOver = false }
                return batch
            }
            if batch.isEmpty { return }
            for mark in batch { handOver(mark) }
        }
    }
}
