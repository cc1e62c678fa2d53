import AsyncDemoCore
import Foundation
import Lessons
import Locking

/// Follows the file a scene's example names (`SceneMark.Kind.follows`) with a `LogFeed` of its
/// own, handing each snapshot to the lesson feed for the scene's Log pane.
///
/// The example ends soon after its last line, and its file is removed then, so following does
/// not stop with it: told how many lines there are (`stopsFollowing`), this goes on until the
/// pane has shown them all and only then stops. A new scene, or the end of the scene, stops it
/// at once; marks of any run but the newest are ignored.
///
/// Its pane keeps step with simulated time: the example's writer waits (as blocking work, which
/// holds simulated time still) until the pane shows each line it wrote (`waitUntilShown`), and
/// the line rate is counted per simulated second, so a stepped run draws the same pane every
/// time, however late the follower's thread got there.
final class SceneLogFollower: Sendable {
    private struct State {
        /// The run whose marks count.
        var run: Int?
        var task: Task<Void, Never>?
        var linesToShow: Int?
        /// When each of the last second's lines reached the pane, in simulated time.
        var arrivals: [Duration] = []
        var shownLines = 0
        /// What the pane shows now, and how many of its lines the event log has been told.
        var shown: LogSnapshot?
        var toldLines = 0
    }

    /// Lines the scene's Log pane keeps.
    static let historyLimit = 1_000
    /// What the pane says once it has shown every line the example wrote.
    static let doneWithIt = "stopped following: the lesson is done with it"

    private let lessonFeed: LessonFeed
    private let state = LockedState(State())
    /// Simulated time, for the line rate.
    private let now: @Sendable () -> Duration
    private let shown = PaneProgress()

    init(lessonFeed: LessonFeed, now: @escaping @Sendable () -> Duration) {
        self.lessonFeed = lessonFeed
        self.now = now
    }

    /// Blocks the calling thread until the pane of run `run` shows `count` lines, at most two
    /// seconds (a follower that was stopped never gets there).
    func waitUntilShown(_ count: Int, run: Int) {
        shown.wait(until: count, run: run)
    }

    /// Stops following for an earlier run; from now on only `run`'s marks count.
    func begin(run: Int) {
        let previous = state.withLock { state in
            let previous = state.task
            state = State(run: run)
            return previous
        }
        // Outside the lock: a cancel runs the task's cancellation handlers there and then.
        previous?.cancel()
    }

    /// Stops following at once and ignores every run's marks until the next `begin`.
    func stop() {
        let previous = state.withLock { state in
            let previous = state.task
            state = State()
            return previous
        }
        previous?.cancel()
    }

    /// The marks closure for run `run`: follow marks act here, the rest go on to the feed.
    func marks(for run: Int) -> @Sendable (SceneMark) -> Void {
        let forward = lessonFeed.markSink(for: run)
        return { [self] mark in
            switch mark.kind {
            case .follows(let path):
                // By name only: its folder is this run's scratch folder, and a run of the same
                // seed must log the same events wherever it runs.
                let name = path.split(separator: "/").last.map(String.init) ?? path
                lessonFeed.record(.lessonMarked(run: run, mark: SceneMark(at: mark.at, .follows(path: name))))
                // The pane shows at once, as the log says, not when the feed's thread first reads.
                if state.withLock({ $0.run == run }) { lessonFeed.followed(run: run, LogSnapshot(path: path)) }
                follow(path, run: run)
            case .stopsFollowing(let lines):
                lessonFeed.record(.lessonMarked(run: run, mark: mark))
                stopFollowing(after: lines, run: run)
            default: forward(mark)
            }
        }
    }

    /// Tells the event log the lines up to the `count`th that the pane of run `run` shows and
    /// the log has not been told (those that fell out of the pane's history are not told).
    func recordShown(_ count: Int, run: Int) {
        let lines = state.withLock { state -> [String] in
            guard state.run == run else { return [] }
            let upTo = min(count, state.shownLines)
            guard upTo > state.toldLines else { return [] }
            let fresh = upTo - state.toldLines, after = state.shownLines - upTo
            state.toldLines = upTo
            let lines = state.shown?.lines ?? []
            let end = lines.count - after
            return Array(lines[max(0, end - fresh)..<max(0, end)])
        }
        if !lines.isEmpty { lessonFeed.record(.lessonFileLinesRead(run: run, lines: lines)) }
    }

    /// The pane stops once it shows `count` lines: at once if it shows them already (so the
    /// moment is the simulation's, not the feed thread's next snapshot), else when it does.
    private func stopFollowing(after count: Int, run: Int) {
        let done = state.withLock { state -> (LogSnapshot, Task<Void, Never>?)? in
            guard state.run == run else { return nil }
            state.linesToShow = count
            guard let shown = state.shown, state.shownLines >= count else { return nil }
            let task = state.task
            state.task = nil
            return (shown, task)
        }
        guard let (shown, task) = done else { return }
        task?.cancel()
        lessonFeed.followed(run: run, Self.stopped(shown))
    }

    private static func stopped(_ snapshot: LogSnapshot) -> LogSnapshot {
        var stopped = snapshot
        stopped.status = .stopped(doneWithIt)
        stopped.linesPerSecond = 0
        return stopped
    }

    private func follow(_ path: String, run: Int) {
        let previous = state.withLock { state -> Task<Void, Never>? in
            guard state.run == run else { return nil }
            let previous = state.task
            let logFeed = LogFeed(path: path, historyLimit: Self.historyLimit)
            // Made and stored under the lock: a `stop` cannot slip in between and miss it.
            state.task = Task { [self] in await follow(logFeed, run: run) }
            return previous
        }
        previous?.cancel()
    }

    private func follow(_ logFeed: LogFeed, run: Int) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await logFeed.run() }
            for await snapshot in logFeed.snapshots {
                guard forward(snapshot, of: run) else { break }
            }
            group.cancelAll()
        }
    }

    /// Hands `snapshot` on; false once it shows every line the example wrote, which it then
    /// says in the status instead of whatever became of the removed file.
    private func forward(_ snapshot: LogSnapshot, of run: Int) -> Bool {
        let instant = now()
        let (linesToShow, rate) = state.withLock { state -> (Int?, Int) in
            guard state.run == run else { return (nil, 0) }
            let new = max(0, snapshot.totalLines - state.shownLines)
            state.shownLines = snapshot.totalLines
            state.shown = snapshot
            state.arrivals.append(contentsOf: repeatElement(instant, count: new))
            state.arrivals.removeAll { instant - $0 >= .seconds(1) }
            return (state.linesToShow, state.arrivals.count)
        }
        defer { shown.record(snapshot.totalLines, run: run) }
        guard let linesToShow, snapshot.totalLines >= linesToShow else {
            var counted = snapshot
            counted.linesPerSecond = rate
            lessonFeed.followed(run: run, counted)
            return true
        }
        lessonFeed.followed(run: run, Self.stopped(snapshot))
        return false
    }
}

/// How many lines the scene's pane shows, for the writer that waits for it.
private final class PaneProgress: @unchecked Sendable {
    // @unchecked Sendable, proof: `run` and `lines` are read and written only between
    // `condition.lock()` and `condition.unlock()`; a condition (not LockedState) because a
    // waiter sleeps on it.
    private let condition = NSCondition()
    private var run = 0
    private var lines = 0

    func record(_ count: Int, run: Int) {
        condition.lock()
        if run != self.run { self.run = run; lines = 0 }
        lines = max(lines, count)
        condition.broadcast()
        condition.unlock()
    }

    func wait(until count: Int, run: Int) {
        let deadline = Date(timeIntervalSinceNow: 2)
        condition.lock()
        while !(self.run == run && lines >= count), condition.wait(until: deadline) {}
        condition.unlock()
    }
}
