import TerminalKit

/// The top line: name, version, uptime, live task count, frames per second; PAUSED when paused.
enum HeaderBar {
    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area, with: Cell(" ", style: theme.header))
        let parts = [
            "\(AppInfo.name) \(AppInfo.version)",
            "up \(formatUptime(model.uptime))",
            "tasks \(model.liveTasks)",
            "\(model.framesPerSecond) fps",
        ]
        buffer.write(" " + parts.joined(separator: " │ "), x: area.x, y: area.y, style: theme.header, clip: area)
        if model.isPaused {
            let label = " PAUSED "
            buffer.write(label, x: area.maxX - label.count, y: area.y, style: theme.headerAlert, clip: area)
        }
    }

    static func formatUptime(_ duration: Duration) -> String {
        let total = max(0, Int(duration.components.seconds))
        let hours = total / 3600, minutes = total / 60 % 60, seconds = total % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(hours):\(two(minutes)):\(two(seconds))"
    }
}

/// The bottom line: the footer entries of the key map, always visible, cut at the edge.
enum FooterBar {
    static func render(theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area)
        var x = area.x
        for binding in KeyMap.bindings {
            guard let word = binding.footer, let key = binding.keys.first else { continue }
            x = buffer.write(" \(key.label) ", x: x, y: area.y, style: theme.key, clip: area)
            x = buffer.write(" \(word)  ", x: x, y: area.y, style: theme.keyLabel, clip: area)
            if x >= area.maxX { break }
        }
    }
}

/// Every binding of the key map, in a framed box over the panes.
enum HelpOverlay {
    static func lines() -> [(keys: String, help: String)] {
        KeyMap.bindings.map { binding in
            (binding.keys.map(\.label).joined(separator: " / "), binding.help)
        }
    }

    static func render(theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let entries = lines()
        let keyWidth = entries.map { CharacterWidth.of($0.keys) }.max() ?? 0
        let helpWidth = entries.map { CharacterWidth.of($0.help) }.max() ?? 0
        let closing = "Esc or ? closes this help"
        let contentWidth = max(keyWidth + 2 + helpWidth, closing.count)
        let box = area.centered(width: contentWidth + 4, height: entries.count + 4)
        let inner = Box(title: "Help — keys", frameStyle: theme.title, titleStyle: theme.title).render(in: box, buffer: &buffer)
        let content = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        for (row, entry) in entries.enumerated() {
            let x = buffer.write(Text.padded(entry.keys, toWidth: keyWidth), x: content.x, y: content.y + row, style: theme.title, clip: content)
            buffer.write("  " + entry.help, x: x, y: content.y + row, style: theme.text, clip: content)
        }
        buffer.write(closing, x: content.x, y: content.maxY - 1, style: theme.dim, clip: content)
    }
}
