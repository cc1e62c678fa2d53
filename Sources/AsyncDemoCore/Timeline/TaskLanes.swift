import DequeModule
import HashTreeCollections

/// Every task's lane, folded from the event log: what the timeline pane draws, what the task
/// detail's time breakdown adds up, and what a trace is written from. Bounded: a lane keeps its
/// newest `changeLimit` changes, and a finished lane is kept for `retention` after it ended, at
/// most the newest `finishedLimit` of them, as the task board keeps finished tasks (a lane is
/// drawn only for a task the board still lists). A trace passes limits that keep everything.
public struct TaskLanes: Sendable {
    public static let defaultChangeLimit = 256
    /// The task board's default history limit.
    public static let defaultFinishedLimit = 1_000

    public let changeLimit: Int
    public let finishedLimit: Int
    public let retention: Duration
    /// A persistent hash map: every frame takes a copy, and a copy shares all but the lanes
    /// changed since, so a frame costs what changed, not the ten thousand lanes a run may have
    /// (a `Dictionary` copied all of them at each frame: 1 ms of the frame's time).
    public private(set) var lanes: TreeDictionary<TaskID, TaskLane> = [:]
    /// Finished lanes in the order they finished, for dropping the oldest.
    private var finishedOrder = Deque<TaskID>()
    /// The newest instant an applied event carried.
    public private(set) var latest = SimulationInstant.start
    /// Events about tasks the lanes never saw spawned (their spawn was dropped from the log
    /// before it was folded): counted, as a gap in what the timeline can show.
    public private(set) var eventsForUnknownTasks = 0

    public init(changeLimit: Int = Self.defaultChangeLimit, finishedLimit: Int = Self.defaultFinishedLimit,
                retention: Duration = .seconds(10)) {
        precondition(changeLimit >= 2 && finishedLimit >= 0)
        self.changeLimit = changeLimit
        self.finishedLimit = finishedLimit
        self.retention = retention
    }

    public subscript(task: TaskID) -> TaskLane? { lanes[task] }

    public mutating func apply(_ event: SimulationEvent) {
        latest = max(latest, event.at)
        switch event.kind {
        case .taskSpawned(let task, let name, let kind, let parent):
            lanes[task] = TaskLane(task: task, name: name, kind: kind, parent: parent, at: event.at)
        case .taskRenamed(let task, let name):
            lanes[task]?.name = name
        case .taskStateChanged(let task, let state):
            guard let activity = LaneActivity(state) else { return }
            guard lanes[task] != nil else { return eventsForUnknownTasks += 1 }
            lanes[task]?.change(to: activity, at: event.at, limit: changeLimit)
        case .taskFinished(let task, let state):
            guard let ending = LaneEnding(state), lanes[task] != nil else { return eventsForUnknownTasks += 1 }
            lanes[task]?.end(ending, at: event.at)
            finishedOrder.append(task)
            while finishedOrder.count > finishedLimit { lanes[finishedOrder.removeFirst()] = nil }
        default: break
        }
        dropFinishedBeyondRetention()
    }

    /// Tasks that ended unseen (their events were lost): their lanes go, as the board lists them no more.
    public mutating func forget(_ tasks: some Sequence<TaskID>) {
        for task in tasks { lanes[task] = nil }
    }

    private mutating func dropFinishedBeyondRetention() {
        while let oldest = finishedOrder.first, let ended = lanes[oldest]?.ending?.at,
              ended.duration(to: latest) > retention {
            lanes[finishedOrder.removeFirst()] = nil
        }
    }

    public mutating func apply(_ events: some Sequence<SimulationEvent>) {
        for event in events { apply(event) }
    }
}
