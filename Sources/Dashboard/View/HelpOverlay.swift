import TerminalKit

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
