import DequeModule

/// One task's past as the timeline draws it: what it was doing from each change on, how it
/// ended, and the time it spent in each activity since it was spawned.
public struct TaskLane: Sendable {
    /// The task began `activity` at `at`, and kept at it until the next change or its ending.
    public struct Change: Sendable, Hashable {
        public let activity: LaneActivity
        /// Kept as nanoseconds, not a `Duration`, so a change takes 16 bytes instead of 24.
        private let nanoseconds: Int64
        public var at: SimulationInstant { .start + .nanoseconds(nanoseconds) }

        public init(activity: LaneActivity, at: SimulationInstant) {
            self.activity = activity
            nanoseconds = at.nanoseconds
        }
    }

    /// What one cell of a lane shows: the activity that took the longest part of the cell's
    /// time (`isMixed` when it shared the cell with others), or how the task ended when it
    /// ended within the cell.
    public struct Cell: Sendable, Hashable {
        public let activity: LaneActivity?
        public let isMixed: Bool
        public let ending: LaneEnding?

        public init(activity: LaneActivity?, isMixed: Bool, ending: LaneEnding?) {
            self.activity = activity
            self.isMixed = isMixed
            self.ending = ending
        }

        /// A cell before the task was spawned, after it ended, or older than the lane keeps.
        public static let empty = Cell(activity: nil, isMixed: false, ending: nil)
        public var isEmpty: Bool { activity == nil && ending == nil }
    }

    public let task: TaskID
    public internal(set) var name: String
    public let kind: String
    public let parent: TaskID?
    public let spawnedAt: SimulationInstant
    /// The newest changes, oldest first; at most `TaskLanes.changeLimit`.
    public private(set) var changes: Deque<Change>
    public private(set) var ending: (state: LaneEnding, at: SimulationInstant)?
    /// Time in each activity up to the newest change (the newest one's time is added on
    /// reading, up to the instant asked for). Whole since the spawn, even once changes are dropped.
    private var closedTime = TimeBreakdown()

    init(task: TaskID, name: String, kind: String, parent: TaskID?, at: SimulationInstant) {
        self.task = task
        self.name = name
        self.kind = kind
        self.parent = parent
        spawnedAt = at
        changes = [Change(activity: .created, at: at)]
    }

    /// The instant the oldest kept change began: cells before it are empty.
    public var keptSince: SimulationInstant { changes.first?.at ?? spawnedAt }

    public var isFinished: Bool { ending != nil }

    mutating func change(to activity: LaneActivity, at: SimulationInstant, limit: Int) {
        guard ending == nil, let last = changes.last else { return }
        guard last.activity != activity else { return }
        closedTime.add(last.at.duration(to: at), to: last.activity)
        // Dropping before appending keeps the storage at `limit`, where the other order would
        // double it once.
        if changes.count >= limit { changes.removeFirst(changes.count - limit + 1) }
        changes.append(Change(activity: activity, at: at))
    }

    mutating func end(_ how: LaneEnding, at: SimulationInstant) {
        guard ending == nil, let last = changes.last else { return }
        closedTime.add(last.at.duration(to: at), to: last.activity)
        ending = (how, at)
    }

    /// Time spent in each activity from the spawn up to `instant` (or the ending, if sooner).
    /// Exact only at or after the newest change; the timeline reads the past from the cells.
    public func breakdown(at instant: SimulationInstant) -> TimeBreakdown {
        guard ending == nil, let last = changes.last else { return closedTime }
        var breakdown = closedTime
        breakdown.add(last.at.duration(to: max(last.at, instant)), to: last.activity)
        return breakdown
    }

    /// The task's activity at `instant`, if it was alive then and the lane still keeps it.
    public func activity(at instant: SimulationInstant) -> LaneActivity? {
        if let ending, instant >= ending.at { return nil }
        guard instant >= keptSince else { return nil }
        return changes[index(at: instant)].activity
    }

    /// `count` cells of `width` each, the last one ending at `end`: what the lane shows from
    /// `end - count * width` to `end`, oldest first.
    public func cells(count: Int, width: Duration, endingAt end: SimulationInstant) -> [Cell] {
        guard count > 0, width > .zero else { return [] }
        let start = end - width * count
        var cells = [Cell]()
        cells.reserveCapacity(count)
        var next = changes.isEmpty ? 0 : index(at: max(start, keptSince))
        for cell in 0..<count {
            let from = start + width * cell
            let to = from + width
            cells.append(self.cell(from: from, to: to, changeIndex: &next))
        }
        return cells
    }

    private func cell(from: SimulationInstant, to: SimulationInstant, changeIndex next: inout Int) -> Cell {
        let alive = max(from, keptSince)
        let aliveUntil = min(to, ending?.at ?? to)
        let endsHere = ending.map { $0.at >= from && $0.at < to } == true
        guard alive < aliveUntil else { return endsHere ? Cell(activity: nil, isMixed: false, ending: ending?.state) : .empty }
        var longest: (activity: LaneActivity, duration: Duration)?
        var distinct = 0
        var index = next
        var time = TimeBreakdown()
        while index < changes.count, changes[index].at < aliveUntil {
            let spanEnd = min(index + 1 < changes.count ? changes[index + 1].at : aliveUntil, aliveUntil)
            let spanStart = max(changes[index].at, alive)
            if spanEnd > spanStart {
                let activity = changes[index].activity
                if time[activity] == .zero { distinct += 1 }
                time.add(spanStart.duration(to: spanEnd), to: activity)
                if time[activity] > longest?.duration ?? .zero { longest = (activity, time[activity]) }
            }
            if index + 1 < changes.count, changes[index + 1].at <= to { index += 1 } else { break }
        }
        next = index
        return Cell(activity: longest?.activity, isMixed: distinct > 1, ending: endsHere ? ending?.state : nil)
    }

    /// The index of the change in force at `instant` (the first kept one, before it).
    private func index(at instant: SimulationInstant) -> Int {
        var low = 0
        var high = changes.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if changes[middle].at <= instant { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
