import TerminalKit

/// Every binding of the key map by section, in a framed box over the panes: in two columns when
/// one would be taller than the screen and two fit side by side; else in one column whose
/// sentences wrap under themselves, scrolled with ↑↓ PgUp PgDn Home End, its frame saying which
/// rows show and whether more is above or below.
enum HelpOverlay {
    enum Line: Equatable {
        case section(String)
        case entry(keys: String, help: String)
        /// A sentence across the whole width (why some keys are not listed).
        case note(String)
    }

    /// One screen row of the help: a section's title, a binding's first row, or the rest of a
    /// sentence too long for its row.
    enum Row: Equatable {
        case section(String)
        case entry(keys: String, help: String)
        case continuation(String)
        case note(String)
    }

    struct Layout: Equatable {
        var box: Rect
        var columns: [[Row]]
        var columnWidth: Int
        var keyWidth: Int
        /// Rows of a column shown at once; fewer than `columns[0].count` when the help scrolls.
        var visibleRows: Int

        var totalRows: Int { columns.map(\.count).max() ?? 0 }
        /// The first row the help can scroll to at most.
        var lastFirstRow: Int { max(0, totalRows - visibleRows) }
        var scrolls: Bool { totalRows > visibleRows }
    }

    static let closing = "Esc or ? closes"
    static let scrollingHint = "↑↓ PgUp PgDn Home End scroll · Esc closes"

    /// The help's lines; attached to a program (`attachedTo`), only the keys that act there,
    /// under a line saying why the rest are gone.
    static func lines(attachedTo program: String? = nil) -> [Line] {
        let note = program.map { [Line.note(DashboardModel.attachedHelpNote(program: $0))] } ?? []
        let sections = program == nil ? KeySection.allCases : KeySection.allCases.filter { $0 != .lessonMenu && $0 != .replay }
        return note + sections.flatMap { section -> [Line] in
            let entries = (program == nil ? KeyMap.allBindings : KeyMap.allBindings + KeyMap.attachBindings).filter { binding in
                binding.section == section && (program == nil || DashboardModel.actsWhileAttached(binding.action))
            }.compactMap { binding in
                binding.help.map { Line.entry(keys: binding.keyLabel, help: $0) }
            }
            // The Timeline's glyphs under its keys: what NO_COLOR reads the lanes by.
            let legend = section != .timeline ? [] : LaneGlyph.helpLegend.map { Line.entry(keys: $0.glyphs, help: $0.meaning) }
            return entries.isEmpty ? [] : [.section(section.rawValue)] + entries + legend
        }
    }

    /// Where the help goes in `area` and how its rows fall.
    static func layout(in area: Rect, attachedTo program: String? = nil) -> Layout {
        let all = lines(attachedTo: program)
        let keyWidth = all.map { if case .entry(let keys, _) = $0 { CharacterWidth.of(keys) } else { 0 } }.max() ?? 0
        let natural = all.map { line in
            switch line {
            case .section(let title): CharacterWidth.of(title)
            case .entry(_, let help): keyWidth + 2 + CharacterWidth.of(help)
            // A note wraps to the keys' width rather than widening the box.
            case .note: 0
            }
        }.max() ?? 0
        // Frame (2) and the closing row (1) around the rows; a blank row above the closing one when there is room.
        let chrome = 3
        if all.count + chrome > area.height, let split = twoColumns(all, natural: natural, keyWidth: keyWidth, in: area) {
            return split
        }
        let width = max(1, min(natural, area.width - 4))
        let rows = wrapped(all, width: width, keyWidth: keyWidth)
        let fits = rows.count + chrome + 1 <= area.height
        let height = min(area.height, rows.count + chrome + (fits ? 1 : 0))
        let box = area.centered(width: min(area.width, width + 4), height: height)
        return Layout(box: box, columns: [rows], columnWidth: width, keyWidth: keyWidth,
                      visibleRows: max(0, height - chrome - (fits ? 1 : 0)))
    }

    /// Two columns split at the section boundary nearest the middle, when both fit unwrapped.
    private static func twoColumns(_ all: [Line], natural: Int, keyWidth: Int, in area: Rect) -> Layout? {
        let width = natural
        guard 2 * width + 3 + 4 <= area.width else { return nil }
        let starts = all.indices.filter { if case .section = all[$0] { true } else { false } }
        let split = starts.min { abs($0 - all.count / 2) < abs($1 - all.count / 2) } ?? all.count / 2
        let columns = [Array(all[..<split]), Array(all[split...])].map { wrapped($0, width: width, keyWidth: keyWidth) }
        let tallest = columns.map(\.count).max() ?? 0
        guard tallest + 4 <= area.height else { return nil }
        let box = area.centered(width: 2 * width + 3 + 4, height: tallest + 4)
        return Layout(box: box, columns: columns, columnWidth: width, keyWidth: keyWidth, visibleRows: tallest)
    }

    /// The lines as rows `width` wide: a sentence too long breaks at spaces and goes on under
    /// itself, so no description is cut.
    static func wrapped(_ lines: [Line], width: Int, keyWidth: Int) -> [Row] {
        let helpWidth = max(1, width - keyWidth - 2)
        return lines.flatMap { line -> [Row] in
            switch line {
            case .section(let title): return [.section(title)]
            case .note(let sentence): return Wrap.rows(sentence, width: width).map { .note($0) }
            case .entry(let keys, let help):
                let parts = Wrap.rows(help, width: helpWidth)
                return [.entry(keys: keys, help: parts.first ?? "")] + parts.dropFirst().map { .continuation($0) }
            }
        }
    }

    /// The first row shown, kept within the rows (the screen may have grown since it was set).
    static func firstRow(_ requested: Int, in layout: Layout) -> Int { min(max(0, requested), layout.lastFirstRow) }

    static func render(firstRow requested: Int = 0, attachedTo program: String? = nil, theme: Theme, in area: Rect,
                       buffer: inout ScreenBuffer) {
        let layout = layout(in: area, attachedTo: program)
        let first = firstRow(requested, in: layout)
        let inner = Box(title: "Help — keys", frameStyle: theme.title, titleStyle: theme.title)
            .renderClear(in: layout.box, within: area, buffer: &buffer)
        let content = inner.paddedHorizontally
        for (number, column) in layout.columns.enumerated() {
            let x = content.x + number * (layout.columnWidth + 3)
            let clip = Rect(x: x, y: content.y, width: max(0, min(layout.columnWidth, content.maxX - x)),
                            height: min(layout.visibleRows, content.height - 1))
            for (offset, row) in column.dropFirst(first).prefix(layout.visibleRows).enumerated() {
                let y = content.y + offset
                switch row {
                case .section(let title):
                    buffer.write(title, x: x, y: y, style: theme.title.adding(.underline), clip: clip)
                case .entry(let keys, let help):
                    let after = buffer.write(Text.padded(keys, toWidth: layout.keyWidth), x: x, y: y, style: theme.title, clip: clip)
                    buffer.write("  " + help, x: after, y: y, style: theme.text, clip: clip)
                case .continuation(let help):
                    buffer.write(help, x: x + layout.keyWidth + 2, y: y, style: theme.text, clip: clip)
                case .note(let sentence):
                    buffer.write(sentence, x: x, y: y, style: theme.dim, clip: clip)
                }
            }
        }
        let hint = layout.scrolls && CharacterWidth.of(scrollingHint) <= content.width ? scrollingHint : closing
        buffer.write(hint, x: content.x, y: content.maxY - 1, style: theme.dim, clip: content)
        if layout.scrolls {
            let position = ScrollPosition(first: first, shown: layout.visibleRows, total: layout.totalRows)
            ScrollPosition.renderOnBottomEdge(position.label, of: layout.box, style: theme.title, buffer: &buffer)
        }
    }
}
