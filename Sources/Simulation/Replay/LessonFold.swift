import AsyncDemoCore

/// The lesson scene's transcript read from the event log: what the scene panel showed at an
/// instant (its lines, marks and ending, and the Log pane of the file its example follows), for
/// a rewind or a replay. The live panel takes the same things from `LessonFeed`, which tells the
/// log each one as it happens.
///
/// The followed file's status is read from the log too, so it says only starting, following
/// or stopped: the live pane may say for a moment that it waits for the file, which the log
/// does not hold.
struct LessonFold: Sendable {
    /// The scene on screen; nil before the first, and once the person closed it.
    private(set) var transcript: LessonTranscript?
    private let historyLimit: Int
    /// How many lines the followed file's pane shows before it stops (`stopsFollowing`).
    private var linesToShow: Int?
    /// When each line of the last simulated second reached the followed file's pane.
    private var arrivals: [SimulationInstant] = []

    init(historyLimit: Int = LessonFeed.defaultHistoryLimit) {
        self.historyLimit = historyLimit
    }

    /// As the scene's own log feed keeps them.
    static let followedHistoryLimit = SceneLogFollower.historyLimit

    mutating func apply(_ event: SimulationEvent) {
        switch event.kind {
        case .lessonStarted(let run, let lesson):
            transcript = LessonTranscript(run: run, lesson: lesson, startedAt: event.at)
            linesToShow = nil
            arrivals = []
        case .lessonSaid(let run, let line):
            guard transcript?.run == run else { return }
            transcript?.say(line, limit: historyLimit)
        case .lessonMarked(let run, let mark):
            guard transcript?.run == run else { return }
            switch mark.kind {
            case .follows(let path): transcript?.followedLog = LogSnapshot(path: path)
            case .stopsFollowing(let lines):
                linesToShow = lines
                if var log = transcript?.followedLog, log.totalLines >= lines {
                    Self.stop(&log)
                    transcript?.followedLog = log
                }
            default: transcript?.mark(mark, limit: historyLimit)
            }
        case .lessonFileLinesRead(let run, let lines):
            guard transcript?.run == run, var log = transcript?.followedLog else { return }
            readFollowed(lines, into: &log, at: event.at)
            transcript?.followedLog = log
        case .lessonEnded(let run, let state):
            guard transcript?.run == run else { return }
            transcript?.status = .init(ending: state)
        case .lessonClosed(let run):
            guard transcript?.run == run else { return }
            transcript = nil
        default:
            break
        }
    }

    /// As `SceneLogFollower` hands a snapshot on: the rate counts the last second's lines, and
    /// once every line the example wrote is shown, the pane stops and says why.
    private mutating func readFollowed(_ lines: [String], into log: inout LogSnapshot, at instant: SimulationInstant) {
        log.lines.append(contentsOf: lines)
        if log.lines.count > Self.followedHistoryLimit { log.lines.removeFirst(log.lines.count - Self.followedHistoryLimit) }
        log.totalLines += lines.count
        arrivals.append(contentsOf: repeatElement(instant, count: lines.count))
        arrivals.removeAll { $0.duration(to: instant) >= .seconds(1) }
        if let linesToShow, log.totalLines >= linesToShow {
            Self.stop(&log)
        } else {
            log.status = .following
            log.linesPerSecond = arrivals.count
        }
    }

    private static func stop(_ log: inout LogSnapshot) {
        log.status = .stopped(SceneLogFollower.doneWithIt)
        log.linesPerSecond = 0
    }
}
