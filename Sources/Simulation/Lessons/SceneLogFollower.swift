import Lessons
import Locking

/// Follows the file a scene's example names (`SceneMark.Kind.follows`) with a `LogFeed` of its
/// own, handing each snapshot to the lesson feed for the scene's Log pane.
///
/// The example ends soon after its last line, and its file is removed then, so following does
/// not stop with it: told how many lines there are (`stopsFollowing`), this goes on until the
/// pane has shown them all and only then stops. A new scene, or the end of the scene, stops it
/// at once; marks of any run but the newest are ignored.
final class SceneLogFollower: Sendable {
    private struct State {
        /// The run whose marks count.
        var run: Int?
        var task: Task<Void, Never>?
        var linesToShow: Int?
    }

    private let lessonFeed: LessonFeed
    private let state = LockedState(State())

    init(lessonFeed: LessonFeed) {
        self.lessonFeed = lessonFeed
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
            case .follows(let path): follow(path, run: run)
            case .stopsFollowing(let lines): state.withLock { if $0.run == run { $0.linesToShow = lines } }
            default: forward(mark)
            }
        }
    }

    private func follow(_ path: String, run: Int) {
        let previous = state.withLock { state -> Task<Void, Never>? in
            guard state.run == run else { return nil }
            let previous = state.task
            let logFeed = LogFeed(path: path, historyLimit: 1_000)
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
        let linesToShow = state.withLock { $0.run == run ? $0.linesToShow : nil }
        guard let linesToShow, snapshot.totalLines >= linesToShow else {
            lessonFeed.followed(run: run, snapshot)
            return true
        }
        var shown = snapshot
        shown.status = .stopped("stopped following: the lesson is done with it")
        shown.linesPerSecond = 0
        lessonFeed.followed(run: run, shown)
        return false
    }
}
