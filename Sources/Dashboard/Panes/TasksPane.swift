import Simulation
import AsyncDemoCore
import TerminalKit

/// The Tasks pane: a table of the board's tasks (newest first by default), the selected row
/// highlighted, finished tasks dimmed while they are retained, the sort column marked.
enum TasksPane {
    static func title(for model: DashboardModel) -> String {
        guard let tasks = model.tasks else { return "Tasks" }
        return "Tasks — \(tasks.liveCount) live · \(model.taskView.filter.title)"
    }

    /// The columns that fit `width`, with their widths; NAME takes what is left.
    static func layout(width: Int) -> [(column: TaskColumn, width: Int)] {
        var columns: [(TaskColumn, Int)] = [(.id, 6), (.kind, 9), (.state, 10), (.waitsOn, 11), (.age, 7)]
        let nameMinimum = 8
        // Narrow panes lose the least needed columns first; ID and STATE always stay.
        for dropped in [TaskColumn.waitsOn, .kind, .age] where columns.reduce(0, { $0 + $1.1 }) + nameMinimum > width {
            columns.removeAll { $0.0 == dropped }
        }
        let name = max(nameMinimum, min(24, width - columns.reduce(0) { $0 + $1.1 }))
        columns.insert((.name, name), at: 1)
        return columns
    }

    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        guard let snapshot = model.tasks else {
            return PaneText.centered("waiting for the task board…", theme: theme, in: area, buffer: &buffer)
        }
        let columns = layout(width: area.width)
        var x = area.x
        for (column, width) in columns {
            var heading = column.title
            if column == model.taskView.sortColumn { heading += model.taskView.inverted ? "▴" : "▾" }
            buffer.write(Text.padded(heading, toWidth: width), x: x, y: area.y, style: theme.title, clip: area)
            x += width
        }
        let rows = model.taskRows
        let visible = area.height - 1
        guard visible > 0 else { return }
        if rows.isEmpty {
            let message = snapshot.liveCount == 0 ? "no tasks: s spawns one" : "no \(model.taskView.filter.title) tasks: f changes the filter"
            buffer.write(message, x: area.x, y: area.y + 1, style: theme.dim, clip: area)
            return
        }
        let focused = model.focusedTask(in: rows)
        let first = firstShownRow(of: rows, focused: focused, visible: visible)
        let now = model.simulationNow ?? snapshot.takenAt
        for (offset, task) in rows[first..<min(rows.count, first + visible)].enumerated() {
            let y = area.y + 1 + offset
            let isSelected = task.id == focused
            if isSelected { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: theme.highlight)) }
            var x = area.x
            for (column, width) in columns {
                let text = Text.padded(Text.truncated(cell(column, of: task, now: now), toWidth: width - 1), toWidth: width)
                let style = isSelected ? theme.highlight : column == .state ? stateStyle(task.state, theme: theme)
                    : task.state.isFinished ? theme.dim : theme.text
                buffer.write(text, x: x, y: y, style: style, clip: area)
                x += width
            }
        }
    }

    /// The row at the top of the table: scrolled only as far as keeps the selection in view.
    static func firstShownRow(of rows: [TaskInfo], focused: TaskID?, visible: Int) -> Int {
        let selectedIndex = rows.firstIndex { $0.id == focused } ?? 0
        return max(0, selectedIndex - visible + 1)
    }

    /// The task drawn on screen row `y` of the pane's text area `area`, if any (for the mouse).
    static func task(atY y: Int, in area: Rect, model: DashboardModel) -> TaskID? {
        let rows = model.taskRows
        let visible = area.height - 1
        let offset = y - area.y - 1
        guard model.tasks != nil, offset >= 0, offset < visible else { return nil }
        let index = firstShownRow(of: rows, focused: model.focusedTask(in: rows), visible: visible) + offset
        return rows.indices.contains(index) ? rows[index].id : nil
    }

    static func cell(_ column: TaskColumn, of task: TaskInfo, now: ContinuousClock.Instant) -> String {
        switch column {
        case .id: "#\(task.id.rawValue)"
        case .name: task.name
        case .kind: task.kind.name
        case .state: stateWord(task.state)
        case .waitsOn: TaskView.waitLabel(task.state)
        case .age: Format.seconds(now - task.createdAt)
        }
    }

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
