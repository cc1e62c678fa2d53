import AsyncDemoCore
import Simulation
import TerminalKit

/// The Resources pane, in the Workers pane's place while attached: each probed semaphore (its
/// permits gauge, who holds one, the FIFO line of waiters, first in line first), then each
/// queue (its depth gauge, blocked senders, waiting receivers). Tasks are named as the Tasks
/// pane names them, with their id.
enum ResourcesPane {
    static let title = "Resources"

    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        let resources = model.resources
        guard !(resources.semaphores.isEmpty && resources.queues.isEmpty) else {
            return PaneText.centered("no probed semaphore or queue yet", theme: theme, in: area, buffer: &buffer)
        }
        var y = area.y
        func line(_ draw: (Int) -> Void) {
            guard y < area.maxY else { return }
            draw(y)
            y += 1
        }
        for entry in resources.semaphores {
            let semaphore = entry.semaphore
            line { y in
                var x = buffer.write("\(entry.name) ", x: area.x, y: y, style: theme.title, clip: area)
                x = Gauge.render(Double(semaphore.held) / Double(max(1, semaphore.permits)), width: min(12, max(4, area.width / 6)),
                                 x: x, y: y, fill: semaphore.waiterCount > 0 ? theme.busy : theme.ok, track: theme.dim,
                                 clip: area, buffer: &buffer)
                buffer.write(" \(semaphore.held)/\(semaphore.permits) held, \(semaphore.waiterCount) waiting",
                             x: x, y: y, style: semaphore.waiterCount > 0 ? theme.warning : theme.text, clip: area)
            }
            line { y in
                list("  holders ", semaphore.holders.map { name(of: $0, in: model) }, style: theme.text, theme: theme,
                     x: area.x, y: y, clip: area, buffer: &buffer)
            }
            line { y in
                let waiters = semaphore.waiters.map { "\($0.owner.map { name(of: $0, in: model) } ?? "?") \(Format.seconds($0.waited))" }
                let unlisted = semaphore.waiterCount - semaphore.waiters.count
                list("  line    ", waiters + (unlisted > 0 ? ["+\(unlisted)"] : []), style: theme.warning, theme: theme,
                     x: area.x, y: y, clip: area, buffer: &buffer)
            }
        }
        for entry in resources.queues {
            let queue = entry.queue
            line { y in
                let fill = Double(entry.depth) / Double(max(1, queue.capacity))
                var x = buffer.write("\(entry.name) ", x: area.x, y: y, style: theme.title, clip: area)
                x = Gauge.render(fill, width: min(12, max(4, area.width / 6)), x: x, y: y,
                                 fill: fill >= 0.9 ? theme.error : fill >= 0.5 ? theme.busy : theme.ok, track: theme.dim,
                                 clip: area, buffer: &buffer)
                buffer.write(" depth \(entry.depth)/\(queue.capacity) · sent \(queue.sent) received \(queue.received)",
                             x: x, y: y, style: theme.text, clip: area)
            }
            line { y in
                let unnamed = resources.unnamedReceivers > 0 ? " (+\(resources.unnamedReceivers) on a queue not named)" : ""
                let receivers = "\(queue.blockedReceivers)\(unnamed)"
                let senders = queue.blockedSenders == 1 ? "1 sender blocked" : "\(queue.blockedSenders) senders blocked"
                buffer.write("  \(senders) · receivers waiting \(receivers)",
                             x: area.x, y: y, style: queue.blockedSenders > 0 ? theme.warning : theme.dim, clip: area)
            }
        }
    }

    /// `label` then the names, comma-separated, or "none".
    private static func list(_ label: String, _ names: [String], style: Style, theme: Theme, x: Int, y: Int, clip: Rect,
                             buffer: inout ScreenBuffer) {
        let x = buffer.write(label, x: x, y: y, style: theme.dim, clip: clip)
        buffer.write(names.isEmpty ? "none" : names.joined(separator: ", "), x: x, y: y,
                     style: names.isEmpty ? theme.dim : style, clip: clip)
    }

    /// A task as the pane names it: its name on the board and its id, or its id alone.
    static func name(of task: TaskID, in model: DashboardModel) -> String {
        guard let info = model.tasks?.task(task) else { return "#\(task.rawValue)" }
        return "\(info.name)#\(task.rawValue)"
    }
}
