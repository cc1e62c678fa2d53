import AsyncDemoCore
import DequeModule

/// Puts the actors' snapshots of one instant together into a `SimulationFrame`, and folds the
/// event log into what only its past can tell: the activity log's lines for the Log pane, and
/// the run's history (every task's lane, the permit waits) for the timeline and the breakdowns.
actor FrameAggregator {
    static let activityHistoryLimit = 10_000

    private let events: EventLog
    private let time: SimulationTime
    private var activity: LogSnapshot
    private var history: RunHistory
    private var folded: UInt64 = 0
    /// When the lines of the last simulated second were said, for the pane's line rate.
    private var recentLines = Deque<SimulationInstant>()

    /// - Parameter retention: how long the board keeps a finished task, and so its lane.
    init(events: EventLog, time: SimulationTime, activityLogPath: String, retention: Duration) {
        self.events = events
        self.time = time
        history = RunHistory(lanes: TaskLanes(retention: retention))
        activity = LogSnapshot(path: activityLogPath)
        activity.status = .following
    }

    /// The board as the last frame took it, handed out again while the board has not changed.
    private(set) var tasks: TaskBoardSnapshot?
    private(set) var freedMemory = FreedMemoryReturn()

    func frame(workers: WorkerPoolSnapshot, queue: PipelineSnapshot, tasks changedTasks: TaskBoardSnapshot?,
               lesson: LessonTranscript?) -> SimulationFrame {
        if let changedTasks {
            tasks = changedTasks
            freedMemory.boardChanged(changedTasks)
        }
        guard let tasks else { preconditionFailure("the first frame takes the board's snapshot") }
        let sequence = events.sequence
        for event in events.events(after: folded) where event.sequence <= sequence {
            history.apply(event)
            if case .logLine(let level, let message) = event.kind {
                activity.lines.append(ActivityLine.text(at: event.at, level: level, message: message))
                activity.totalLines += 1
                recentLines.append(event.at)
            }
        }
        folded = sequence
        let now = time.clock.now
        while let oldest = recentLines.first, oldest.duration(to: now) >= .seconds(1) { recentLines.removeFirst() }
        activity.linesPerSecond = recentLines.count
        let overflow = activity.lines.count - Self.activityHistoryLimit
        if overflow > 0 { activity.lines.removeFirst(overflow) }
        return SimulationFrame(
            sequence: sequence, instant: now, droppedEvents: events.dropped, workers: workers,
            queue: queue, tasks: tasks, activity: activity, history: history, lesson: lesson)
    }
}
