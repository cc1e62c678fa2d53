import Simulation
import AsyncDemoCore

/// The Tasks pane's columns, in screen order. Each has a natural order (`i` inverts it): the
/// id and the age put the newest first, the rest read A to Z (names naturally: w2 before w10).
public enum TaskColumn: Int, CaseIterable, Sendable {
    case id, name, kind, state, waitsOn, age

    /// Whether the natural order is descending: only the id's (highest, the newest, first). The
    /// age's is ascending (youngest first), the words' A to Z.
    var sortsDescending: Bool { self == .id }

    public var title: String {
        switch self {
        case .id: "ID"
        case .name: "NAME"
        case .kind: "KIND"
        case .state: "STATE"
        case .waitsOn: "WAITS ON"
        case .age: "AGE"
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

    public init() {}

    /// Whether the sort column's rows run from the largest down (▾) rather than up (▴): the
    /// arrow means the same for every column.
    public var sortsDescending: Bool { sortColumn.sortsDescending != inverted }

    /// Whether `other` lists other rows or another order (the selection alone does not).
    func listsDifferently(from other: TaskView) -> Bool {
        sortColumn != other.sortColumn || inverted != other.inverted || filter != other.filter
            || search.shown != other.search.shown || layout != other.layout
    }

    /// The rows the pane lists, in order: live tasks and the finished ones still retained.
    public func rows(of snapshot: TaskBoardSnapshot?) -> [TaskInfo] { listing(of: snapshot).rows }

    /// The rows in order, with the tree's guides in the tree layout.
    public func listing(of snapshot: TaskBoardSnapshot?) -> TaskListing {
        guard let snapshot else { return TaskListing() }
        let admits = { (task: TaskInfo) in filter.admits(task.state) && search.admits(task.name) }
        var rows = snapshot.live.filter(admits)
        rows += snapshot.recentlyFinished.filter(admits)
        let column = sortColumn, descending = sortsDescending, now = snapshot.takenAt
        rows.sort { a, b in
            let order = Self.compare(a, b, by: column, now: now)
            if order != 0 { return descending ? order > 0 : order < 0 }
            return a.id > b.id
        }
        return layout == .tree ? TaskTree.arrange(rows) : TaskListing(rows: rows)
    }

    /// How long a task has lived at `now`: a finished task's age stopped when it ended.
    static func age(of task: TaskInfo, at now: SimulationInstant) -> Duration {
        (task.state.isFinished ? task.stateSince : now) - task.createdAt
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b` in the column's ascending order. Ages
    /// are compared as they were when the board's snapshot was taken.
    static func compare(_ a: TaskInfo, _ b: TaskInfo, by column: TaskColumn, now: SimulationInstant) -> Int {
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch column {
        case .id: return order(a.id, b.id)
        case .name: return NaturalOrder.compare(a.name, b.name)
        case .kind: return NaturalOrder.compare(a.kind.name, b.kind.name)
        case .state: return order(stateRank(a.state), stateRank(b.state))
        case .waitsOn: return NaturalOrder.compare(waitLabel(a.state), waitLabel(b.state))
        case .age: return order(age(of: a, at: now), age(of: b, at: now))
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
        let all = TaskColumn.allCases
        sortColumn = all[(sortColumn.rawValue + offset + all.count) % all.count]
    }

    mutating func toggleLayout() {
        layout = layout == .list ? .tree : .list
    }

    mutating func cycleFilter() {
        let all = TaskStateFilter.allCases
        filter = all[(filter.rawValue + 1) % all.count]
    }
}
