import Simulation
import AsyncDemoCore
import TerminalKit

/// One task in full, over the panes: its state transitions with timestamps (from its spawn) and
/// durations, what it waits on now, its parent and its children, and its time by activity.
/// Live: it follows the task, and keeps it while open after the board has let it go. When the
/// transitions do not all fit, the newest are shown (the current state last) and the older ones
/// are counted.
enum TaskDetailOverlay {
    /// One row of the detail: its parts, each in its own style (the breakdown's bar has several).
    struct Line {
        var spans: [(text: String, style: Style)]

        init(spans: [(text: String, style: Style)]) { self.spans = spans }
        init(_ text: String, _ style: Style) { spans = [(text, style)] }

        var text: String { spans.map(\.text).joined() }
    }

    /// The breakdown's bar: as wide as the narrowest detail box leaves, less on a narrow screen.
    static func barWidth(in area: Rect) -> Int { max(10, min(44, area.width - 10)) }

    static func render(_ id: TaskID, model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let (head, transitions, dropped) = parts(for: id, model: model, theme: theme, barWidth: barWidth(in: area))
        let wanted = head.count + transitions.count + (dropped > 0 ? 1 : 0)
        let widest = (head + transitions).map { CharacterWidth.of($0.text) }.max() ?? 0
        let width = min(area.width - 2, max(50, widest + 4))
        // Borders and the closing hint take three rows; the transitions get what is left.
        let box = area.centered(width: width, height: min(area.height, wanted + 3))
        let lines = head + newest(transitions, dropped: dropped, rows: box.height - 3 - head.count, theme: theme)
        let title = model.detailTask(id).map { "Task #\(id.rawValue) \($0.name)" } ?? "Task #\(id.rawValue)"
        let inner = Box(title: title, frameStyle: theme.title, titleStyle: theme.title).render(in: box, buffer: &buffer)
        let content = inner.paddedHorizontally
        for (row, line) in lines.prefix(max(0, content.height - 1)).enumerated() {
            var x = content.x
            for span in line.spans { x = buffer.write(span.text, x: x, y: content.y + row, style: span.style, clip: content) }
        }
        buffer.write("Esc returns · c cancels this task and its children", x: content.x, y: content.maxY - 1,
                     style: theme.dim, clip: content)
    }

    /// The newest transitions that fit in `rows`, after a line counting those left out: the ones
    /// the board dropped to stay bounded and the ones without room here.
    static func newest(_ transitions: [Line], dropped: Int, rows: Int, theme: Theme) -> [Line] {
        guard dropped > 0 || transitions.count > rows else { return transitions }
        let kept = max(0, min(transitions.count, rows - 1))
        let earlier = dropped + transitions.count - kept
        let noun = earlier == 1 ? "transition" : "transitions"
        return [Line("  (\(earlier) earlier \(noun) not shown)", theme.dim)] + transitions.suffix(kept)
    }

    /// The head (state, waits, parent, children, the time breakdown, the transitions' heading),
    /// the transitions oldest first, and how many older ones the board dropped.
    static func parts(for id: TaskID, model: DashboardModel, theme: Theme, barWidth: Int)
        -> (head: [Line], transitions: [Line], dropped: Int)
    {
        guard let task = model.detailTask(id) else {
            return ([Line("This task is no longer kept: finished tasks stay for the retention window.", theme.dim)], [], 0)
        }
        let now = model.simulationNow ?? model.tasks?.takenAt ?? task.stateSince
        var head: [Line] = [
            Line("kind \(task.kind) · \(TasksPane.statePhrase(task.state)) for \(Format.seconds(now - task.stateSince))"
                + " · age \(Format.seconds(TaskView.age(of: task, at: now)))",
                 TasksPane.stateStyle(task.state, theme: theme).adding(.bold)),
            Line("waits on: \(waitDescription(task, model: model))", theme.text),
        ]
        let everyone = (model.tasks?.live ?? []) + (model.tasks?.recentlyFinished ?? [])
        if let parent = task.parent {
            let name = everyone.first { $0.id == parent }.map { " \($0.name)" } ?? " (no longer kept)"
            head.append(Line("parent: #\(parent.rawValue)\(name)", theme.text))
        } else {
            head.append(Line(model.showsProgram ? "parent: none (top level)" : "parent: none (started by the scenario)", theme.text))
        }
        let children = everyone.filter { $0.parent == id }
        let childText = children.isEmpty ? "none"
            : children.map { "#\($0.id.rawValue) \($0.name) (\(TasksPane.stateWord($0.state)))" }.joined(separator: ", ")
        head.append(Line("children: \(childText)", theme.text))
        if let figures = model.historyFigures {
            head.append(Line("", theme.text))
            head += TaskBreakdownSection.lines(for: id, in: figures, barWidth: barWidth, theme: theme)
        }
        head.append(Line("", theme.text))
        head.append(Line("  since spawn   state                  lasted", theme.title))
        let timeline = task.timeline
        let transitions = timeline.enumerated().map { index, step -> Line in
            let end = index + 1 < timeline.count ? timeline[index + 1].at : (task.state.isFinished ? step.at : now)
            let lasted = step.state.isFinished ? "" : Format.seconds(end - step.at) + (index + 1 == timeline.count ? " so far" : "")
            let stamp = Text.padded("+" + Format.seconds(step.at - task.createdAt), toWidth: 12)
            return Line("  \(stamp)  \(Text.padded(TasksPane.statePhrase(step.state), toWidth: 22)) \(lasted)",
                        TasksPane.stateStyle(step.state, theme: theme))
        }
        return (head, transitions, task.droppedTransitions)
    }

    static func waitDescription(_ task: TaskInfo, model: DashboardModel) -> String {
        switch task.state {
        case .waiting(.semaphore):
            guard let semaphore = model.workers?.semaphore else { return "a permit" }
            if let place = semaphore.waiters.firstIndex(where: { $0.owner == task.id }) {
                return "a permit: number \(place + 1) of \(semaphore.waiterCount) in line, \(semaphore.held)/\(semaphore.permits) held"
            }
            return "a permit (\(semaphore.waiterCount) in line)"
        case .waiting(.queueFull):
            let queue = model.queue?.queue
            return "room in the queue" + (queue.map { " (\($0.depth)/\($0.capacity) full)" } ?? "")
        case .waiting(.queueEmpty): return "an item (the queue is empty)"
        case .waiting(let reason): return reason.rawValue
        case .suspended(.sleep): return "its own sleep on the simulation clock"
        case .suspended(.io): return "simulated I/O"
        case .running, .created: return "nothing: it is running"
        case .completed, .failed, .cancelled: return "nothing: it has finished"
        }
    }
}
