import AsyncDemoCore

/// A `SimulationFrame` read from the event log alone: applied event by event from a run's start
/// (its settings), it gives at any instant the frame the live run showed then — the Workers rows
/// and semaphore, the Queue figures, the board, the activity log, the history, the lesson scene. What a rewind
/// shows, and what a replay of a recording is driven by.
///
/// A value: a copy is a checkpoint (`EventReplay` keeps them), and the copies share storage
/// until they part.
public struct FrameFold: Sendable {
    /// The sequence number of the last event applied; 0 at the start.
    public private(set) var sequence: UInt64 = 0
    /// The instant of the last event applied.
    public private(set) var instant = SimulationInstant.start
    private var board: TaskBoardFold
    private var permits: PermitsFold
    private var pipeline: PipelineFold
    private var rows: WorkerRowsFold
    private var activity: ActivityFold
    private var history: RunHistory
    private var lesson = LessonFold()
    /// A watched program's named semaphores and queues (the Resources pane).
    private var resources = ResourcesFold()
    /// While a watched program's present is told again: how many of its events are to come,
    /// the tasks it has told live, and the resources rebuilt from it, aside until it is whole
    /// (a frame between two slices of a long present would show none).
    private var retelling: (remaining: Int, live: Set<TaskID>, resources: ResourcesFold)?

    /// - Parameters:
    ///   - settings: the run's start (permits, capacity, rate, retention): a recording's header.
    ///   - activityLogPath: the Log pane's title, as the live run names its activity log.
    public init(settings: ScenarioSettings, activityLogPath: String = "activity.log") {
        board = TaskBoardFold(configuration: .init(retention: settings.retention))
        permits = PermitsFold(permits: settings.permits)
        pipeline = PipelineFold(capacity: settings.capacity, rate: settings.rate)
        rows = WorkerRowsFold(retention: settings.retention)
        activity = ActivityFold(path: activityLogPath)
        history = RunHistory(lanes: TaskLanes(retention: settings.retention))
    }

    /// How many tasks are live: what a copy of the fold costs grows with it.
    public var liveTasks: Int { board.liveCount }

    public enum Problem: Error, Equatable {
        /// Events are missing between the two numbers (dropped, or a recording cut short).
        case gap(after: UInt64, next: UInt64)
    }

    /// Applies the next event; an event of a kind this fold does not know changes nothing. A
    /// gap is a problem unless a watched program's present, told again after it, comes next:
    /// that makes up for what was lost (see `retold(_:)`).
    public mutating func apply(_ event: SimulationEvent) throws(Problem) {
        guard event.sequence == sequence + 1 || (event.sequence > sequence && event.kind.isPresentRetold) else {
            throw .gap(after: sequence, next: event.sequence)
        }
        sequence = event.sequence
        instant = event.at
        if retelling != nil || event.kind.isPresentRetold {
            retold(event)
        } else {
            applyToEveryPane(event)
            resources.apply(event)
        }
    }

    /// A present told again after lost events (`presentRetold` and the events it counts): a
    /// task told again goes on as it was (a state it was in all along is no change, so its time
    /// in it goes on), one spawned unseen appears, a semaphore's or queue's present is left to
    /// the Resources (the history would count its grants twice), and once the present is whole
    /// the live tasks it did not tell ended while their events were lost.
    private mutating func retold(_ event: SimulationEvent) {
        if case .presentRetold(let count) = event.kind {
            // One cut short by another is started over: the newer present tells every live task.
            retelling = (count, [], ResourcesFold())
        } else if var told = retelling {
            told.resources.apply(event)
            switch event.kind {
            case .taskSpawned(let task, let name, _, _):
                told.live.insert(task)
                // A task it knows may have been renamed in what was lost.
                let known = board.state(of: task) != nil
                applyToEveryPane(known ? SimulationEvent(sequence: event.sequence, at: event.at, kind: .taskRenamed(task: task, name: name))
                                       : event)
            case .taskStateChanged(let task, let state):
                if board.state(of: task) != state { applyToEveryPane(event) }
            case .taskRenamed:
                applyToEveryPane(event)
            default:
                break
            }
            told.remaining -= 1
            retelling = told
        }
        if let told = retelling, told.remaining <= 0 {
            history.forget(board.forgetLive(except: told.live))
            resources = told.resources
            retelling = nil
        }
    }

    private mutating func applyToEveryPane(_ event: SimulationEvent) {
        board.apply(event)
        permits.apply(event)
        pipeline.apply(event)
        rows.apply(event)
        activity.apply(event)
        history.apply(event)
        lesson.apply(event)
    }

    /// Applies the next event after a gap a live stream reported and counted (a watched
    /// program's dropped events): the fold goes on from it rather than stopping there.
    public mutating func apply(acrossGap event: SimulationEvent) {
        if event.sequence > sequence + 1 { sequence = event.sequence - 1 }
        try? apply(event)
    }

    /// The frame at `now` (at or after the last event applied): what a live frame taken at that
    /// instant, with these events behind it, shows.
    public func frame(at now: SimulationInstant, droppedEvents: UInt64 = 0) -> SimulationFrame {
        // Expiry and line rates are read at `now`; the fold itself stays at its last event, so
        // events between its instant and `now` can still be applied after.
        var board = board, rows = rows, activity = activity
        return SimulationFrame(
            sequence: sequence, instant: now, droppedEvents: droppedEvents,
            workers: WorkerPoolSnapshot(rows: rows.rows(at: now), semaphore: permits.snapshot(at: now)),
            queue: pipeline.snapshot, tasks: board.snapshot(at: now), activity: activity.snapshot(at: now),
            history: history, lesson: lesson.transcript, resources: resources.snapshot(at: now))
    }
}
