import Simulation
import AsyncDemoCore
import TerminalKit

/// One task in full, over the panes: its state transitions with timestamps (from its spawn) and
/// durations, what it waits on now, its parent and its children. Live: it follows the task.
enum TaskDetailOverlay {
    static func render(_ id: TaskID, model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let lines = self.lines(for: id, model: model, theme: theme)
        let width = min(area.width - 2, max(50, lines.map { CharacterWidth.of($0.text) }.max() ?? 0) + 4)
        let box = area.centered(width: width, height: min(area.height, lines.count + 3))
        let title = model.tasks.flatMap { task(id, in: $0) }.map { "Task #\(id.rawValue) \($0.name)" } ?? "Task #\(id.rawValue)"
        let inner = Box(title: title, frameStyle: theme.title, titleStyle: theme.title).render(in: box, buffer: &buffer)
        let content = inner.paddedHorizontally
        for (row, line) in lines.prefix(max(0, content.height - 1)).enumerated() {
            buffer.write(line.text, x: content.x, y: content.y + row, style: line.style, clip: content)
        }
        buffer.write("Esc returns · c cancels this task and its children", x: content.x, y: content.maxY - 1,
                     style: theme.dim, clip: content)
    }

    static func task(_ id: TaskID, in snapshot: TaskBoardSnapshot) -> TaskInfo? {
        snapshot.liveTask(id) ?? snapshot.recentlyFinished.last { $0.id == id }
    }

    static func lines(for id: TaskID, model: DashboardModel, theme: Theme) -> [(text: String, style: Style)] {
        guard let snapshot = model.tasks, let task = task(id, in: snapshot) else {
            return [("This task is no longer kept: finished tasks stay for the retention window.", theme.dim)]
        }
        let now = model.simulationNow ?? snapshot.takenAt
        var lines: [(String, Style)] = [
            ("kind \(task.kind) · state \(task.state) for \(Format.seconds(now - task.stateSince)) · age \(Format.seconds(now - task.createdAt))",
             TasksPane.stateStyle(task.state, theme: theme).adding(.bold)),
            ("waits on: \(waitDescription(task, model: model))", theme.text),
        ]
        let everyone = snapshot.live + snapshot.recentlyFinished
        if let parent = task.parent {
            let name = everyone.first { $0.id == parent }.map { " \($0.name)" } ?? " (no longer kept)"
            lines.append(("parent: #\(parent.rawValue)\(name)", theme.text))
        } else {
            lines.append(("parent: none (started by the scenario)", theme.text))
        }
        let children = everyone.filter { $0.parent == id }
        let childText = children.isEmpty ? "none"
            : children.map { "#\($0.id.rawValue) \($0.name) (\(TasksPane.stateWord($0.state)))" }.joined(separator: ", ")
        lines.append(("children: \(childText)", theme.text))
        lines.append(("", theme.text))
        lines.append(("  since spawn   state                  lasted", theme.title))
        if task.droppedTransitions > 0 {
            lines.append(("  (\(task.droppedTransitions) earlier transitions not kept)", theme.dim))
        }
        let timeline = task.timeline
        for (index, step) in timeline.enumerated() {
            let end = index + 1 < timeline.count ? timeline[index + 1].at : (task.state.isFinished ? step.at : now)
            let lasted = step.state.isFinished ? "" : Format.seconds(end - step.at) + (index + 1 == timeline.count ? " so far" : "")
            let stamp = Text.padded("+" + Format.seconds(step.at - task.createdAt), toWidth: 12)
            lines.append(("  \(stamp)  \(Text.padded(step.state.description, toWidth: 22)) \(lasted)",
                          TasksPane.stateStyle(step.state, theme: theme)))
        }
        return lines
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
