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

/// The bottom line: the footer entries of the key map, most useful first, cut at the edge.
enum FooterBar {
    /// The order the legend shows its entries in; what does not fit at the edge is in `?`.
    static let priority: [Action] = [
        .quit, .toggleHelp, .togglePause, .openLessonMenu, .spawnTask, .cancelSelectedTask, .openTaskDetail, .morePermits, .addWorker,
        .fasterProducers, .addConsumer, .growQueue, .slowerClock, .startLogFilter, .cycleStateFilter,
        .sortByNextColumn, .sortByPreviousColumn,
    ]

    static var entries: [(keys: String, word: String)] {
        priority.compactMap { action in
            guard let binding = KeyMap.bindings.first(where: { $0.action == action }), let word = binding.footer else {
                return nil
            }
            return (binding.pairKeys ?? binding.keys[0].label, word)
        }
    }

    static func render(theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area)
        var x = area.x
        for entry in entries {
            x = buffer.write(" \(entry.keys) ", x: x, y: area.y, style: theme.key, clip: area)
            x = buffer.write(" \(entry.word) ", x: x, y: area.y, style: theme.keyLabel, clip: area)
            if x >= area.maxX { break }
        }
    }
}

/// Every binding of the key map by section, in a framed box over the panes; in two columns
/// when one would be taller than the screen.
enum HelpOverlay {
    enum Line: Equatable {
        case section(String)
        case entry(keys: String, help: String)
    }

    static func lines() -> [Line] {
        KeySection.allCases.flatMap { section -> [Line] in
            let entries = KeyMap.allBindings.filter { $0.section == section }.compactMap { binding in
                binding.help.map { Line.entry(keys: binding.keyLabel, help: $0) }
            }
            return [.section(section.rawValue)] + entries
        }
    }

    /// The help in one column, or in two split at a section boundary when one is too tall.
    static func columns(height: Int) -> [[Line]] {
        let all = lines()
        guard all.count + 4 > height else { return [all] }
        let starts = all.indices.filter { if case .section = all[$0] { true } else { false } }
        let split = starts.min { abs($0 - all.count / 2) < abs($1 - all.count / 2) } ?? all.count / 2
        return [Array(all[..<split]), Array(all[split...])]
    }

    static func render(theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let columns = columns(height: area.height)
        let all = columns.flatMap { $0 }
        let keyWidth = all.map { if case .entry(let keys, _) = $0 { CharacterWidth.of(keys) } else { 0 } }.max() ?? 0
        let natural = all.map { line in
            switch line {
            case .section(let title): CharacterWidth.of(title)
            case .entry(_, let help): keyWidth + 2 + CharacterWidth.of(help)
            }
        }.max() ?? 0
        // Narrow screens cut the sentences, never the keys.
        let lineWidth = min(natural, (area.width - 4 - 3 * (columns.count - 1)) / columns.count)
        let closing = "Esc or ? closes this help"
        let height = columns.map(\.count).max() ?? 0
        let box = area.centered(width: columns.count * lineWidth + 3 * (columns.count - 1) + 4, height: height + 4)
        let inner = Box(title: "Help — keys", frameStyle: theme.title, titleStyle: theme.title).render(in: box, buffer: &buffer)
        let content = inner.paddedHorizontally
        for (number, column) in columns.enumerated() {
            let x = content.x + number * (lineWidth + 3)
            let clip = Rect(x: x, y: content.y, width: min(lineWidth, content.maxX - x), height: max(0, content.height - 2))
            for (row, line) in column.enumerated() {
                let y = content.y + row
                switch line {
                case .section(let title):
                    buffer.write(title, x: x, y: y, style: theme.title.adding(.underline), clip: clip)
                case .entry(let keys, let help):
                    let after = buffer.write(Text.padded(keys, toWidth: keyWidth), x: x, y: y, style: theme.title, clip: clip)
                    buffer.write("  " + Text.truncated(help, toWidth: max(1, lineWidth - keyWidth - 2)), x: after, y: y,
                                 style: theme.text, clip: clip)
                }
            }
        }
        buffer.write(closing, x: content.x, y: content.maxY - 1, style: theme.dim, clip: content)
    }
}
