import Lessons
import TerminalKit

/// A lesson scene, in place of the Log and Queue panes: the example's two or three sentences,
/// the few lines of Swift that do it, and its narrated transcript as it arrives, newest last.
enum LessonPanel {
    /// Rows the transcript keeps however little room there is: cut code before narration.
    static let minimumTranscriptRows = 4

    static func title(for scene: LessonScene) -> String {
        "Lesson — \(scene.pick.lesson.id) / \(scene.pick.example.title)"
    }

    static func render(_ scene: LessonScene, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let inner = Box(title: title(for: scene), frameStyle: theme.title, titleStyle: theme.title).render(in: area, buffer: &buffer)
        let content = Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 2), height: inner.height)
        guard !content.isEmpty else { return }
        let example = scene.pick.example
        var summary = Wrap.rows(example.summary, width: content.width)
        var code = Wrap.rows(example.code, width: content.width, hang: 2, squeezing: true)
        // Rows left for both after the status, the blank row, the rule and the transcript's share.
        let budget = max(2, content.height - 3 - minimumTranscriptRows)
        if summary.count + code.count > budget {
            let summaryRows = min(summary.count, max(1, budget / 2))
            summary = cut(summary, to: summaryRows, width: content.width)
            code = cut(code, to: max(1, budget - summaryRows), width: content.width)
        }
        var y = content.y
        func put(_ text: String, _ style: Style) {
            buffer.write(text, x: content.x, y: y, style: style, clip: content)
            y += 1
        }
        let (status, statusStyle) = statusText(scene.transcript?.status, theme: theme)
        let after = buffer.write(status, x: content.x, y: y, style: statusStyle, clip: content)
        buffer.write(" · Esc ends it · m picks another", x: after, y: y, style: theme.dim, clip: content)
        y += 1
        for row in summary { put(row, theme.text) }
        put("", theme.text)
        for row in code { put(row, theme.ok) }
        let rule = "─ transcript " + String(repeating: "─", count: max(0, content.width - 13))
        put(rule, theme.frame)
        let transcriptRows = max(0, content.maxY - y)
        let lines = scene.transcript?.lines ?? []
        // Only the newest lines can show: wrap from the end backwards until the rows are full.
        var shown: [String] = []
        for line in lines.reversed() where shown.count < transcriptRows {
            shown.insert(contentsOf: Wrap.rows(line, width: content.width, hang: 10), at: 0)
        }
        for row in shown.suffix(transcriptRows) { put(row, row.hasPrefix("==") ? theme.title : theme.text) }
    }

    /// The first `count` rows, the last of them ending in "…" to say that more was cut.
    static func cut(_ rows: [String], to count: Int, width: Int) -> [String] {
        guard rows.count > count, count > 0 else { return rows }
        var kept = Array(rows.prefix(count))
        let last = kept[count - 1]
        kept[count - 1] = CharacterWidth.of(last) + 2 <= width ? last + " …" : Text.truncated(last + "……", toWidth: width)
        return kept
    }

    static func statusText(_ status: LessonTranscript.Status?, theme: Theme) -> (String, Style) {
        switch status {
        case nil, .running: ("running", theme.busy)
        case .completed: ("done", theme.ok)
        case .cancelled: ("cancelled", theme.warning)
        case .failed(let message): ("failed: \(message)", theme.error)
        }
    }
}
