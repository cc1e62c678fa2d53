import DequeModule

/// The task board as the event log tells it: the same live tasks, finished history, counters and
/// version `TaskBoard` keeps, rebuilt from its events alone, so a frame at a past instant (a
/// rewind, a replay) lists what the board listed then.
public struct TaskBoardFold: Sendable {
    public let configuration: TaskBoard.Configuration
    private var live: [TaskID: TaskInfo] = [:]
    /// Live ids oldest first; ids of finished tasks are dropped lazily, as the board does.
    private var spawnOrder = Deque<TaskID>()
    private var finished = Deque<TaskInfo>()
    private var counters = TaskCounters()
    private var lastIllegalTransition: String?
    /// Counts changes as the board's own version does, so the two agree at every instant.
    private var version: UInt64 = 0

    public init(configuration: TaskBoard.Configuration) {
        self.configuration = configuration
    }

    /// How many tasks are live.
    public var liveCount: Int { live.count }

    /// The live task's state now, if it is live.
    public func state(of task: TaskID) -> TaskState? { live[task]?.state }

    public mutating func apply(_ event: SimulationEvent) {
        switch event.kind {
        case .taskSpawned(let task, let name, let kind, let parent):
            live[task] = TaskInfo(id: task, name: name, kind: TaskKind(kind), parent: parent, at: event.at)
            spawnOrder.append(task)
            counters.spawned += 1
            counters.created += 1
            version &+= 1
        case .taskRenamed(let task, let name):
            guard live[task] != nil else { return }
            live[task]?.name = name
            version &+= 1
        case .taskStateChanged(let task, let state), .taskFinished(let task, let state):
            guard var info = live[task] else { return }
            counters.adjust(info.state, by: -1)
            counters.adjust(state, by: 1)
            info.record(state, at: event.at, limit: configuration.timelineLimit)
            version &+= 1
            if state.isFinished {
                live[task] = nil
                finished.append(info)
                prune(now: event.at)
                dropFinishedFromSpawnOrder()
            } else {
                live[task] = info
            }
        case .taskTransitionRefused(let description):
            counters.illegalTransitions += 1
            lastIllegalTransition = description
            version &+= 1
        default: break
        }
    }

    /// Live tasks not in `kept` ended while a watched program's stream lost their events: they
    /// leave the live list, and join no history, as how they ended is unknown.
    public mutating func forgetLive(except kept: Set<TaskID>) -> [TaskID] {
        let gone = live.keys.filter { !kept.contains($0) }
        guard !gone.isEmpty else { return [] }
        for id in gone {
            if let info = live.removeValue(forKey: id) { counters.adjust(info.state, by: -1) }
        }
        version &+= 1
        dropFinishedFromSpawnOrder()
        return gone
    }

    private mutating func prune(now: SimulationInstant) {
        while let oldest = finished.first,
            finished.count > configuration.historyLimit || oldest.stateSince.advanced(by: configuration.retention) <= now
        {
            finished.removeFirst()
            counters.evicted += 1
            version &+= 1
        }
    }

    /// Here as well as in `snapshot`: a frame takes its snapshot of a copy (`FrameFold`), so
    /// ids dropped there stayed in the fold, which then held every task a stream ever spawned,
    /// and each frame copied them all and looked each one up (2 ms a frame after a million
    /// events). Amortized, a finish costs O(1).
    private mutating func dropFinishedFromSpawnOrder() {
        while let first = spawnOrder.first, live[first] == nil { spawnOrder.removeFirst() }
        if spawnOrder.count > 2 * live.count + 64 { spawnOrder.removeAll { live[$0] == nil } }
    }

    /// The board as `TaskBoard.snapshot()` takes it at `now`.
    public mutating func snapshot(at now: SimulationInstant) -> TaskBoardSnapshot {
        prune(now: now)
        dropFinishedFromSpawnOrder()
        var rows: [TaskInfo] = []
        rows.reserveCapacity(min(configuration.snapshotRowLimit, live.count))
        for id in spawnOrder.reversed() where rows.count < configuration.snapshotRowLimit {
            if let info = live[id] { rows.append(info) }
        }
        return TaskBoardSnapshot(
            takenAt: now, version: version, counters: counters, liveCount: live.count, live: rows,
            lastIllegalTransition: lastIllegalTransition, finished: finished)
    }
}
