import Simulation
import Lessons
import TerminalKit

/// Every example of every lesson, in a box over the panes; the highlighted one runs on Enter.
/// The frame's bottom edge says which example is highlighted and whether more is above or below.
enum LessonMenuOverlay {
    struct Row: Equatable {
        var text: String
        /// Position in `LessonMenu.entries`; nil for a lesson's heading.
        var entry: Int?
    }

    static func rows() -> [Row] {
        var rows: [Row] = []
        var entry = 0
        for (number, lesson) in LessonCatalog.lessons.enumerated() {
            rows.append(Row(text: "\(number + 1)  \(lesson.id) — \(lesson.title)", entry: nil))
            let idWidth = lesson.examples.map { CharacterWidth.of($0.id) }.max() ?? 0
            for example in lesson.examples {
                rows.append(Row(text: "     \(Text.padded(example.id, toWidth: idWidth))  \(example.title)", entry: entry))
                entry += 1
            }
        }
        return rows
    }

    static let hint = "↑↓ j k move · Enter runs · 1-4 a lesson · Esc closes"

    /// Where the menu's box goes over `area`, its text area, and the rows shown from `first`.
    static func layout(_ menu: LessonMenu, in area: Rect) -> (box: Rect, content: Rect, first: Int, visible: Int) {
        let rows = rows()
        let natural = max(CharacterWidth.of(hint), rows.map { CharacterWidth.of($0.text) }.max() ?? 0)
        let box = area.centered(width: min(area.width - 2, natural + 4), height: min(area.height, rows.count + 3))
        let content = box.width >= 2 && box.height >= 2 ? box.inset(by: 1).paddedHorizontally : Rect(x: box.x, y: box.y, width: 0, height: 0)
        let visible = max(0, content.height - 1)
        // Scrolls only when the list is taller than the box, keeping the highlight in the middle.
        let highlightedRow = rows.firstIndex { $0.entry == menu.highlighted } ?? 0
        let first = max(0, min(rows.count - visible, highlightedRow - visible / 2))
        return (box, content, first, visible)
    }

    /// The example listed on screen row `y`, as a position in `LessonMenu.entries`; nil for a
    /// heading, the hint or outside the list (for the mouse).
    static func entry(atX x: Int, y: Int, menu: LessonMenu, in area: Rect) -> Int? {
        let (_, content, first, visible) = layout(menu, in: area)
        let offset = y - content.y
        guard x >= content.x, x < content.maxX, offset >= 0, offset < visible else { return nil }
        let rows = rows()
        return rows.indices.contains(first + offset) ? rows[first + offset].entry : nil
    }

    static func render(_ menu: LessonMenu, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let rows = rows()
        let (box, content, first, visible) = layout(menu, in: area)
        _ = Box(title: "Lessons — pick an example", frameStyle: theme.title, titleStyle: theme.title)
            .renderClear(in: box, within: area, buffer: &buffer)
        for (offset, row) in rows.dropFirst(first).prefix(visible).enumerated() {
            let y = content.y + offset
            if row.entry == nil {
                buffer.write(row.text, x: content.x, y: y, style: theme.title, clip: content)
            } else if row.entry == menu.highlighted {
                let marked = "   ▶ " + row.text.dropFirst(5)
                buffer.write(Text.padded(marked, toWidth: content.width), x: content.x, y: y, style: theme.highlight, clip: content)
            } else {
                buffer.write(row.text, x: content.x, y: y, style: theme.text, clip: content)
            }
        }
        buffer.write(hint, x: content.x, y: content.maxY - 1, style: theme.dim, clip: content)
        ScrollPosition.renderOnBottomEdge(place(of: menu, first: first, visible: visible, rows: rows.count), of: box,
                                          style: theme.title, buffer: &buffer)
    }

    /// Where the highlight is among the examples ("example 7 of 24"), marked ▲ / ▼ when rows
    /// are hidden above / below the box.
    static func place(of menu: LessonMenu, first: Int, visible: Int, rows: Int) -> String {
        ScrollPosition(first: first, shown: visible, total: rows)
            .marked("example \(menu.highlighted + 1) of \(LessonMenu.entries.count)")
    }
}

