import DequeModule

/// Everything the board knows about one task.
public struct TaskInfo: Sendable, Identifiable {
    public let id: TaskID
    public internal(set) var name: String
    public let kind: TaskKind
    public let parent: TaskID?
    public let createdAt: SimulationInstant
    public internal(set) var state: TaskState = .created
    public internal(set) var stateSince: SimulationInstant
    /// The most recent transitions, oldest first; at most `TaskBoard.Configuration.timelineLimit`.
    public var timeline: [TaskTransition] { Array(recentTransitions) }
    /// Transitions dropped from the front of `timeline` to keep it bounded (counted, not hidden).
    public internal(set) var droppedTransitions = 0

    var recentTransitions: Deque<TaskTransition>

    init(id: TaskID, name: String, kind: TaskKind, parent: TaskID?, at now: SimulationInstant) {
        self.id = id
        self.name = name
        self.kind = kind
        self.parent = parent
        createdAt = now
        stateSince = now
        recentTransitions = [TaskTransition(state: .created, at: now)]
    }

    mutating func record(_ next: TaskState, at now: SimulationInstant, limit: Int) {
        state = next
        stateSince = now
        recentTransitions.append(TaskTransition(state: next, at: now))
        if recentTransitions.count > limit {
            recentTransitions.removeFirst()
            droppedTransitions += 1
        }
    }
}

/// The totals the dashboard header shows. Live counts (`created`...`suspended`) are tasks in
/// that state now; `completed`, `failed`, `cancelled` are totals over the whole run.
public struct TaskCounters: Sendable, Equatable {
    public internal(set) var spawned = 0
    public internal(set) var created = 0
    public internal(set) var running = 0
    public internal(set) var waiting = 0
    public internal(set) var suspended = 0
    public internal(set) var completed = 0
    public internal(set) var failed = 0
    public internal(set) var cancelled = 0
    /// Transitions refused because the state machine does not allow them: each one is a bug.
    public internal(set) var illegalTransitions = 0
    /// Finished tasks dropped from the history (too old, or beyond the history limit).
    public internal(set) var evicted = 0

    mutating func adjust(_ state: TaskState, by delta: Int) {
        switch state {
        case .created: created += delta
        case .running: running += delta
        case .waiting: waiting += delta
        case .suspended: suspended += delta
        case .completed: completed += delta
        case .failed: failed += delta
        case .cancelled: cancelled += delta
        }
    }
}

/// A picture of the board, cheap to take with 100,000 live tasks: it copies the counters, the
/// newest `TaskBoard.Configuration.snapshotRowLimit` live tasks (more than any screen shows) and
/// the bounded finished history, never the whole live table.
public struct TaskBoardSnapshot: Sendable {
    public let takenAt: SimulationInstant
    public let version: UInt64
    public let counters: TaskCounters
    /// All live tasks, including those not listed in `live`.
    public let liveCount: Int
    /// The newest live tasks, newest first, at most `snapshotRowLimit`.
    public let live: [TaskInfo]
    /// Finished tasks still within the retention window, oldest first.
    public var recentlyFinished: [TaskInfo] { Array(finished) }
    public var recentlyFinishedCount: Int { finished.count }
    /// The same without copying them into an array: a frame of the attached dashboard lists them
    /// all (a thousand), and the copy was a tenth of its CPU.
    public var recentlyFinishedInPlace: Deque<TaskInfo> { finished }
    /// The most recent refused transition, for the status line.
    public let lastIllegalTransition: String?

    let finished: Deque<TaskInfo>

    /// A listed live task by id (linear in the number listed).
    public func liveTask(_ id: TaskID) -> TaskInfo? { live.first { $0.id == id } }

    /// A listed live task or a finished one still retained, by id.
    public func task(_ id: TaskID) -> TaskInfo? { liveTask(id) ?? finished.last { $0.id == id } }
}
