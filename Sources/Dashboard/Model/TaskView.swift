import Simulation
import AsyncDemoCore

/// The Tasks pane's columns, in screen order. Each has a natural order (`i` inverts it): the
/// id and the age put the newest first, the rest read A to Z.
public enum TaskColumn: Int, CaseIterable, Sendable {
    case id, name, kind, state, waitsOn, age

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

/// How the person looks at the task list: the selection (by id, so it stays on its task as
/// rows move), the sort and the filter. The tasks themselves belong to the board's snapshot.
public struct TaskView: Sendable, Equatable {
    public var selected: TaskID?
    public var sortColumn: TaskColumn = .id
    public var inverted = false
    public var filter: TaskStateFilter = .all

    public init() {}

    /// Whether `other` lists other rows or another order (the selection alone does not).
    func listsDifferently(from other: TaskView) -> Bool {
        sortColumn != other.sortColumn || inverted != other.inverted || filter != other.filter
    }

    /// The rows the pane lists, in order: live tasks and the finished ones still retained.
    public func rows(of snapshot: TaskBoardSnapshot?) -> [TaskInfo] {
        guard let snapshot else { return [] }
        var rows = snapshot.live.filter { filter.admits($0.state) }
        rows += snapshot.recentlyFinished.filter { filter.admits($0.state) }
        let column = sortColumn
        let descending = (column == .id || column == .age) != inverted
        rows.sort { a, b in
            let order = Self.compare(a, b, by: column)
            if order != 0 { return descending ? order > 0 : order < 0 }
            return a.id > b.id
        }
        return rows
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b` in the column's A-to-Z order.
    static func compare(_ a: TaskInfo, _ b: TaskInfo, by column: TaskColumn) -> Int {
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch column {
        case .id: return order(a.id, b.id)
        case .name: return order(a.name, b.name)
        case .kind: return order(a.kind.name, b.kind.name)
        case .state: return order(stateRank(a.state), stateRank(b.state))
        case .waitsOn: return order(waitLabel(a.state), waitLabel(b.state))
        // Younger tasks were created later: newest first is "age descending" by creation time.
        case .age: return order(a.createdAt, b.createdAt)
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

    mutating func cycleFilter() {
        let all = TaskStateFilter.allCases
        filter = all[(filter.rawValue + 1) % all.count]
    }
}
