import Lessons
import Synchronization

/// Follows the file a scene's example names (`SceneMark.Kind.follows`) with a `LogFeed` of its
/// own, handing each snapshot to the lesson feed for the scene's Log pane.
///
/// The example ends soon after its last line, and its file is removed then, so following does
/// not stop with it: told how many lines there are (`stopsFollowing`), this goes on until the
/// pane has shown them all, hiding the file's removal, and only then stops. A new scene, or
/// the end of the scene, stops it at once.
final class SceneLogFollower: Sendable {
    private struct Following {
        let task: Task<Void, Never>
        var linesToShow: Int?
    }

    private let lessonFeed: LessonFeed
    private let following = Mutex<Following?>(nil)

    init(lessonFeed: LessonFeed) {
        self.lessonFeed = lessonFeed
    }

    /// The marks closure for run `run`: follow marks act here, the rest go on to the feed.
    func marks(for run: Int) -> @Sendable (SceneMark) -> Void {
        let forward = lessonFeed.markSink(for: run)
        return { [self] mark in
            switch mark.kind {
            case .follows(let path): follow(path, run: run)
            case .stopsFollowing(let lines): following.withLock { $0?.linesToShow = lines }
            default: forward(mark)
            }
        }
    }

    /// Stops following at once.
    func stop() {
        following.withLock { current in
            current?.task.cancel()
            current = nil
        }
    }

    private func follow(_ path: String, run: Int) {
        let logFeed = LogFeed(path: path, historyLimit: 1_000)
        let task = Task { [self] in
            await withDiscardingTaskGroup { group in
                group.addTask { await logFeed.run() }
                for await snapshot in logFeed.snapshots {
                    guard forward(snapshot, of: run) else { break }
                }
                group.cancelAll()
            }
        }
        following.withLock { current in
            current?.task.cancel()
            current = Following(task: task)
        }
    }

    /// Hands `snapshot` on; false once it shows every line the example wrote.
    private func forward(_ snapshot: LogPaneSnapshot, of run: Int) -> Bool {
        guard let linesToShow = following.withLock({ $0?.linesToShow }) else {
            lessonFeed.followed(run: run, snapshot)
            return true
        }
        var shown = snapshot
        let complete = snapshot.totalLines >= linesToShow
        shown.status = complete ? .stopped("stopped following: the lesson is done with it") : .following
        if complete { shown.linesPerSecond = 0 }
        lessonFeed.followed(run: run, shown)
        return !complete
    }
}
