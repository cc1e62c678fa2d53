import Simulation
import AsyncDemoCore
import TerminalKit

/// The Tasks pane: a table of the board's tasks (newest first by default), as a list or as the
/// tree of parents and children, the selected row highlighted, finished tasks dimmed while they
/// are retained, the sort column marked. A bottom row says where the rows shown are among all
/// (and whether more are above or below), or shows the search being typed.
enum TasksPane {
    static func title(for model: DashboardModel) -> String {
        guard let tasks = model.tasks else { return "Tasks" }
        var parts = ["\(tasks.liveCount) live", model.taskView.filter.title]
        if model.taskView.layout == .tree { parts.append("tree") }
        if let query = model.taskView.search.query { parts.append("name “\(query)”") }
        return "Tasks — " + parts.joined(separator: " · ")
    }

    /// The columns that fit `width`, with their widths; NAME takes what is left, up to 24 cells
    /// and `guideWidth` more for the tree's guides, and up to 16 more once KIND has 14. With
    /// `breakdown`, the time breakdown's columns follow AGE (whose parts they are).
    static func layout(width: Int, guideWidth: Int = 0, breakdown: Bool = false) -> [(column: TaskColumn, width: Int)] {
        var columns: [(TaskColumn, Int)] = [(.id, 6), (.kind, 9), (.state, 10), (.waitsOn, 11), (.age, 7)]
        // "59m59s" and a space; the heading with its arrow ("SLEEP▾") fits as well.
        if breakdown { columns += [(.busyTime, 7), (.waitTime, 7), (.sleepTime, 7)] }
        let nameMinimum = 8
        // Narrow panes lose the least needed columns first; ID and STATE always stay. The
        // breakdown's columns, asked for with `b`, outlast KIND and AGE, BUSY and WAIT the longest.
        let dropOrder: [TaskColumn] = [.waitsOn, .kind, .age, .sleepTime, .waitTime, .busyTime]
        for dropped in dropOrder where columns.reduce(0, { $0 + $1.1 }) + nameMinimum > width {
            columns.removeAll { $0.0 == dropped }
        }
        let name = max(nameMinimum, min(24 + guideWidth, width - columns.reduce(0) { $0 + $1.1 }))
        columns.insert((.name, name), at: 1)
        // Room to spare (a wide terminal) goes to KIND first, so a watched program's span kinds
        // (`span.internal`) are read whole, then to NAME.
        var spare = width - columns.reduce(0) { $0 + $1.1 }
        if spare > 0, let kind = columns.firstIndex(where: { $0.0 == .kind }) {
            let wider = min(spare, 14 - columns[kind].1)
            columns[kind].1 += wider
            spare -= wider
        }
        if spare > 0 { columns[1].1 += min(spare, 16) }
        return columns
    }

    /// ▾ when the sort column runs from the largest down, ▴ when from the smallest up.
    static func sortArrow(_ view: TaskView) -> String { view.sortsDescending ? "▾" : "▴" }

    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        guard let snapshot = model.tasks else {
            return PaneText.centered("waiting for the task board…", theme: theme, in: area, buffer: &buffer)
        }
        let listing = model.taskListing
        // Guides are box-drawing characters and spaces, one cell each.
        let columns = layout(width: area.width, guideWidth: listing.guides.lazy.map(\.count).max() ?? 0,
                             breakdown: model.taskView.showsBreakdown)
        let showsBreakdown = columns.contains { $0.column.isBreakdown }
        var x = area.x
        for (column, width) in columns {
            var heading = column.title
            if column == model.taskView.sortColumn { heading += sortArrow(model.taskView) }
            buffer.write(Text.padded(heading, toWidth: width), x: x, y: area.y, style: theme.title, clip: area)
            x += width
        }
        let rows = listing.rows
        let search = model.taskView.search
        guard area.height > 1 else { return }
        let visible = rowsShown(of: rows.count, search: search, height: area.height)
        let showsStatus = visible < area.height - 1
        if rows.isEmpty {
            buffer.write(emptyMessage(model, snapshot: snapshot), x: area.x, y: area.y + 1, style: theme.dim, clip: area)
        }
        let focused = model.focusedTask(in: rows)
        let first = firstShownRow(of: rows, focused: focused, visible: visible)
        let shown = first..<min(rows.count, first + visible)
        let now = model.simulationNow ?? snapshot.takenAt
        for (offset, index) in shown.enumerated() {
            let task = rows[index]
            let y = area.y + 1 + offset
            let isSelected = task.id == focused
            if isSelected { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: theme.highlight)) }
            var x = area.x
            let breakdown = showsBreakdown ? model.historyFigures?.breakdowns[task.id] : nil
            for (column, width) in columns {
                var text = cell(column, of: task, now: now, breakdown: breakdown)
                if column == .name { text = listing.guides[index] + text }
                text = Text.padded(Text.truncated(text, toWidth: width - 1), toWidth: width)
                let style = isSelected ? theme.highlight : column == .state ? stateStyle(task.state, theme: theme)
                    : task.state.isFinished ? theme.dim : theme.text
                buffer.write(text, x: x, y: y, style: style, clip: area)
                x += width
            }
        }
        if showsStatus {
            let status = statusLine(search: search, shown: shown, of: rows.count)
            buffer.write(status.text, x: area.x, y: area.maxY - 1, style: status.isProblem ? theme.warning : theme.dim,
                         clip: area)
        }
    }

    static func emptyMessage(_ model: DashboardModel, snapshot: TaskBoardSnapshot) -> String {
        if let query = model.taskView.search.shown { return "no match for “\(query)”" }
        return snapshot.liveCount == 0 ? "no tasks: s spawns one" : "no \(model.taskView.filter.title) tasks: f changes the filter"
    }

    /// Where the shown rows are among all (`12-25 of 50`, ▲ / ▼ when more are above / below), or
    /// the search being typed and how many it matches.
    static func statusLine(search: TaskSearch, shown: Range<Int>, of count: Int) -> (text: String, isProblem: Bool) {
        var position = count == 0 ? "" : "\(shown.lowerBound + 1)-\(shown.upperBound) of \(count)"
        if shown.lowerBound > 0 { position += " ▲ more above" }
        if shown.upperBound < count { position += " ▼ more below" }
        guard let draft = search.draft else { return (position, false) }
        let matches = count == 0 ? "no match" : count == 1 ? "1 match" : "\(count) matches"
        return ("search: \(draft)▏ \(matches) · Enter applies · Esc cancels", count == 0 && !draft.isEmpty)
    }

    /// The row at the top of the table: scrolled only as far as keeps the selection in view.
    static func firstShownRow(of rows: [TaskInfo], focused: TaskID?, visible: Int) -> Int {
        let selectedIndex = rows.firstIndex { $0.id == focused } ?? 0
        return max(0, selectedIndex - visible + 1)
    }

    /// The task drawn on screen row `y` of the pane's text area `area`, if any (for the mouse).
    static func task(atY y: Int, in area: Rect, model: DashboardModel) -> TaskID? {
        let rows = model.taskRows
        let visible = rowsShown(of: rows.count, search: model.taskView.search, height: area.height)
        let offset = y - area.y - 1
        guard model.tasks != nil, offset >= 0, offset < visible else { return nil }
        let index = firstShownRow(of: rows, focused: model.focusedTask(in: rows), visible: visible) + offset
        return rows.indices.contains(index) ? rows[index].id : nil
    }

    /// How many task rows the pane shows: the bottom row is kept for the position while the rows
    /// overflow, and for the prompt while a search is typed; below three rows, the rows win.
    static func rowsShown(of count: Int, search: TaskSearch, height: Int) -> Int {
        let space = height - 1
        let showsStatus = (search.isTyping || count > space) && space >= 3
        return showsStatus ? space - 1 : space
    }

    /// A row's text in `column`; the breakdown's columns read `breakdown`, the task's time by
    /// activity, and say `-` without one (the history no longer keeps the task).
    static func cell(_ column: TaskColumn, of task: TaskInfo, now: SimulationInstant, breakdown: TimeBreakdown? = nil) -> String {
        switch column {
        case .id: "#\(task.id.rawValue)"
        case .name: task.name
        case .kind: task.kind.name
        case .state: stateWord(task.state)
        case .waitsOn: TaskView.waitLabel(task.state)
        case .age: Format.seconds(TaskView.age(of: task, at: now))
        case .busyTime, .waitTime, .sleepTime: breakdown.flatMap(column.time(in:)).map(Format.seconds) ?? "-"
        }
    }

    /// The one word for a state, said the same in every pane.
    static func stateWord(_ state: TaskState) -> String {
        switch state {
        case .created: "created"
        case .waiting: "waiting"
        case .running: "running"
        case .suspended: "sleeping"
        case .completed: "done"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }

    /// The state's word with what it is on, as the STATE and WAITS ON columns say it together:
    /// `waiting (permit)`, `sleeping (i/o)`, `failed (disk full)`; a plain sleep is `sleeping`.
    static func statePhrase(_ state: TaskState) -> String {
        switch state {
        case .suspended(.sleep): return "sleeping"
        case .failed(let message): return "failed (\(message))"
        default:
            let on = TaskView.waitLabel(state)
            return on.isEmpty ? stateWord(state) : "\(stateWord(state)) (\(on))"
        }
    }

    static func stateStyle(_ state: TaskState, theme: Theme) -> Style {
        switch state {
        case .running: theme.ok
        case .waiting: theme.warning
        case .failed: theme.error
        case .cancelled: theme.busy
        case .created, .suspended, .completed: theme.dim
        }
    }
}
