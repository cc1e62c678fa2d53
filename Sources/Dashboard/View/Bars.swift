import Simulation
import TerminalKit

/// The top line: uptime, task totals, simulation speed, frames per second; PAUSED when paused.
/// The app's name goes first when there is room for it.
enum HeaderBar {
    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area, with: Cell(" ", style: theme.header))
        var parts = ["up \(formatUptime(model.uptime))"]
        if let counters = model.tasks?.counters {
            parts.append(
                "spawned \(counters.spawned) run \(counters.running) wait \(counters.waiting) "
                    + "done \(counters.completed) cancel \(counters.cancelled) fail \(counters.failed)")
        }
        parts.append("speed \(Format.speed(model.speed))")
        parts.append("\(model.framesPerSecond) fps")
        // Never silently lost: the event log's drops are counted and said, as tokio-console does.
        if model.droppedEvents > 0 { parts.append("\(model.droppedEvents) events dropped") }
        let pausedLabel = " PAUSED "
        let room = area.width - (model.isPaused ? pausedLabel.count : 0)
        // The name and version go first when there is room, else the name, else neither.
        let heads = ["\(AppInfo.name) \(AppInfo.version)", AppInfo.name]
        let text = heads.map { " " + ([$0] + parts).joined(separator: " │ ") }.first { CharacterWidth.of($0) <= room }
            ?? " " + parts.joined(separator: " │ ")
        buffer.write(text, x: area.x, y: area.y, style: theme.header, clip: area)
        if model.isPaused {
            buffer.write(pausedLabel, x: area.maxX - pausedLabel.count, y: area.y, style: theme.headerAlert, clip: area)
        }
    }

    static func formatUptime(_ duration: Duration) -> String {
        let total = max(0, Int(duration.components.seconds))
        let hours = total / 3600, minutes = total / 60 % 60, seconds = total % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(hours):\(two(minutes)):\(two(seconds))"
    }
}
