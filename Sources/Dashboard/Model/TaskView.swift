import Simulation
import AsyncDemoCore

/// The Tasks pane's columns, in screen order. Each has a natural order (`i` inverts it): the
/// id and the age put the newest first, the words read A to Z (names naturally: w2 before w10),
/// and the time breakdown's columns (shown with `b`) put the largest first, as `top` does.
public enum TaskColumn: Int, CaseIterable, Sendable {
    case id, name, kind, state, waitsOn, age
    /// Time running, time waiting for anything, time asleep on the clock or in I/O: the task's
    /// life so far by activity, from the run's history.
    case busyTime, waitTime, sleepTime

    /// Whether the natural order is descending: the id's (highest, the newest, first) and the
    /// breakdown's (longest first). The age's is ascending (youngest first), the words' A to Z.
    var sortsDescending: Bool { self == .id || isBreakdown }

    /// Whether the column is one of the time breakdown's, listed only while `b` shows them.
    public var isBreakdown: Bool {
        switch self {
        case .busyTime, .waitTime, .sleepTime: true
        case .id, .name, .kind, .state, .waitsOn, .age: false
        }
    }

    public var title: String {
        switch self {
        case .id: "ID"
        case .name: "NAME"
        case .kind: "KIND"
        case .state: "STATE"
        case .waitsOn: "WAITS ON"
        case .age: "AGE"
        case .busyTime: "BUSY"
        case .waitTime: "WAIT"
        case .sleepTime: "SLEEP"
        }
    }

    /// The column's share of `breakdown`; nil for a column that is not the breakdown's.
    func time(in breakdown: TimeBreakdown) -> Duration? {
        switch self {
        case .busyTime: breakdown[.running]
        case .waitTime: breakdown.waiting
        case .sleepTime: breakdown[.sleeping] + breakdown[.io]
        case .id, .name, .kind, .state, .waitsOn, .age: nil
        }
    }
}

/// Which tasks the Tasks pane lists; `f` cycles through them.
public enum TaskStateFilter: Int, CaseIterable, Sendable {
    case all, live, waiting, running, suspended, finished

    public var title: String {
        switch self {
        case .all: "all"
        case .live: "live"
        case .waiting: "waiting"
        case .running: "running"
        case .suspended: "sleeping"
        case .finished: "finished"
        }
    }

    func admits(_ state: TaskState) -> Bool {
        switch (self, state) {
        case (.all, _): true
        case (.live, _): !state.isFinished
        case (.waiting, .waiting), (.running, .running), (.suspended, .suspended): true
        case (.finished, _): state.isFinished
        default: false
        }
    }
}

/// How the Tasks pane lays its rows out; `t` toggles.
public enum TaskLayout: Sendable {
    /// One sorted list.
    case list
    /// Each task under its parent, siblings sorted.
    case tree
}

/// How the person looks at the task list: the selection (by id, so it stays on its task as
/// rows move), the sort, the filter, the search and the layout. The tasks themselves belong to
/// the board's snapshot.
public struct TaskView: Sendable, Equatable {
    public var selected: TaskID?
    public var sortColumn: TaskColumn = .id
    public var inverted = false
    public var filter: TaskStateFilter = .all
    public var search = TaskSearch()
    public var layout = TaskLayout.list
    /// Whether the Tasks pane lists the time breakdown's columns (`b`).
    public var showsBreakdown = false

    public init() {}

    /// The columns the pane lists and the sort keys go round, in screen order.
    public var columns: [TaskColumn] { TaskColumn.allCases.filter { showsBreakdown || !$0.isBreakdown } }

    /// Whether the sort column's rows run from the largest down (▾) rather than up (▴): the
    /// arrow means the same for every column.
    public var sortsDescending: Bool { sortColumn.sortsDescending != inverted }

    /// Whether `other` lists other rows or another order (the selection alone does not).
    func listsDifferently(from other: TaskView) -> Bool {
        sortColumn != other.sortColumn || inverted != other.inverted || filter != other.filter
            || showsBreakdown != other.showsBreakdown
            || search.shown != other.search.shown || layout != other.layout
    }

    /// The rows the pane lists, in order: live tasks and the finished ones still retained.
    public func rows(of snapshot: TaskBoardSnapshot?, times: [TaskID: TimeBreakdown]? = nil) -> [TaskInfo] {
        listing(of: snapshot, times: times).rows
    }

    /// The rows in order, with the tree's guides in the tree layout. A sort by a breakdown
    /// column reads each task's time from `times`.
    public func listing(of snapshot: TaskBoardSnapshot?, times: [TaskID: TimeBreakdown]? = nil) -> TaskListing {
        guard let snapshot else { return TaskListing() }
        let admits = { (task: TaskInfo) in filter.admits(task.state) && search.admits(task.name) }
        var rows: [TaskInfo] = []
        rows.reserveCapacity(snapshot.live.count + snapshot.recentlyFinishedCount)
        for task in snapshot.live where admits(task) { rows.append(task) }
        for task in snapshot.recentlyFinishedInPlace where admits(task) { rows.append(task) }
        let column = sortColumn, descending = sortsDescending, now = snapshot.takenAt
        if column.isBreakdown {
            // Each row's time looked up once, not at each of the sort's comparisons.
            var timed = rows.map { (task: $0, time: Self.time(column, of: $0.id, in: times)) }
            timed.sort { a, b in
                let order = Self.order(a.time, b.time)
                if order != 0 { return descending ? order > 0 : order < 0 }
                return a.task.id > b.task.id
            }
            rows = timed.map(\.task)
        } else {
            rows.sort { a, b in
                let order = Self.compare(a, b, by: column, now: now)
                if order != 0 { return descending ? order > 0 : order < 0 }
                return a.id > b.id
            }
        }
        return layout == .tree ? TaskTree.arrange(rows) : TaskListing(rows: rows)
    }

    /// A breakdown column's time for a task; nil when the history has no lane for it (it let
    /// the task go, or never saw its spawn).
    static func time(_ column: TaskColumn, of task: TaskID, in times: [TaskID: TimeBreakdown]?) -> Duration? {
        times?[task].flatMap(column.time(in:))
    }

    /// -1, 0 or 1 as `x` is shorter than, as long as or longer than `y`; a time not known is
    /// shorter than any.
    static func order(_ x: Duration?, _ y: Duration?) -> Int {
        switch (x, y) {
        case (nil, nil): 0
        case (nil, _): -1
        case (_, nil): 1
        case let (x?, y?): x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    /// How long a task has lived at `now`: a finished task's age stopped when it ended.
    static func age(of task: TaskInfo, at now: SimulationInstant) -> Duration {
        (task.state.isFinished ? task.stateSince : now) - task.createdAt
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b` in the column's ascending order. Ages
    /// are compared as they were when the board's snapshot was taken, breakdowns as `times`
    /// has them (at the frame that brought the board).
    static func compare(_ a: TaskInfo, _ b: TaskInfo, by column: TaskColumn, now: SimulationInstant,
                        times: [TaskID: TimeBreakdown]? = nil) -> Int {
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch column {
        case .id: return order(a.id, b.id)
        case .name: return NaturalOrder.compare(a.name, b.name)
        case .kind: return NaturalOrder.compare(a.kind.name, b.kind.name)
        case .state: return order(stateRank(a.state), stateRank(b.state))
        case .waitsOn: return NaturalOrder.compare(waitLabel(a.state), waitLabel(b.state))
        case .age: return order(age(of: a, at: now), age(of: b, at: now))
        case .busyTime, .waitTime, .sleepTime:
            return Self.order(time(column, of: a.id, in: times), time(column, of: b.id, in: times))
        }
    }

    static func stateRank(_ state: TaskState) -> Int {
        switch state {
        case .running: 0
        case .waiting: 1
        case .suspended: 2
        case .created: 3
        case .completed: 4
        case .failed: 5
        case .cancelled: 6
        }
    }

    /// What a task in `state` waits for, as the WAITS ON column says it.
    static func waitLabel(_ state: TaskState) -> String {
        switch state {
        case .waiting(.semaphore): "permit"
        case .waiting(.queueFull): "queue room"
        case .waiting(.queueEmpty): "queue item"
        case .waiting(let reason): reason.rawValue
        case .suspended(.sleep): "sleep"
        case .suspended(.io): "i/o"
        default: ""
        }
    }

    /// Moves the selection `by` rows (clamped). With no selection (or one that left the list) the
    /// top row counts as selected, as the pane highlights it.
    mutating func moveSelection(by offset: Int, in rows: [TaskInfo]) {
        guard !rows.isEmpty else { return }
        let index = selected.flatMap { id in rows.firstIndex { $0.id == id } } ?? 0
        selected = rows[min(rows.count - 1, max(0, index + offset))].id
    }

    mutating func sort(by offset: Int) {
        let shown = columns
        let index = shown.firstIndex(of: sortColumn) ?? 0
        sortColumn = shown[(index + offset % shown.count + shown.count) % shown.count]
    }

    /// Shows or hides the breakdown's columns; hiding the one the rows are sorted by sorts them
    /// by the id again, as at the start, rather than by a column no longer there.
    mutating func toggleBreakdown() {
        showsBreakdown.toggle()
        if !showsBreakdown, sortColumn.isBreakdown {
            sortColumn = .id
            inverted = false
        }
    }

    mutating func toggleLayout() {
        layout = layout == .list ? .tree : .list
    }

    mutating func cycleFilter() {
        let all = TaskStateFilter.allCases
        filter = all[(filter.rawValue + 1) % all.count]
    }
}
