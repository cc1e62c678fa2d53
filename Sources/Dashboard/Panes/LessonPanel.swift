import AsyncDemoCore
import Simulation
import Lessons
import TerminalKit

/// A lesson scene, in place of the Log and Queue panes: the example's two or three sentences,
/// the few lines of Swift that do it, what its marks draw (`SceneVisual`), and its narrated
/// transcript as it arrives, newest last.
enum LessonPanel {
    /// Rows the transcript keeps however little room there is: cut code before narration.
    static let minimumTranscriptRows = 4
    /// Fewer beside a scene drawing, which shows the same story at a glance.
    static let minimumTranscriptRowsBesideDrawing = 2

    static func title(for scene: LessonScene) -> String {
        "Lesson — \(scene.pick.lesson.id) / \(scene.pick.example.title)"
    }

    /// - Parameter now: simulation time now (the model's), for bars that grow between two marks.
    static func render(_ scene: LessonScene, now: SimulationInstant?, theme: Theme, in area: Rect,
                       buffer: inout ScreenBuffer) {
        let inner = Box(title: title(for: scene), frameStyle: theme.title, titleStyle: theme.title).render(in: area, buffer: &buffer)
        let content = inner.paddedHorizontally
        guard !content.isEmpty else { return }
        let example = scene.pick.example
        var summary = Wrap.rows(example.summary, width: content.width)
        var code = Wrap.rows(example.code, width: content.width, hang: 2, squeezing: true)
        // Always there: the status row, the transcript's rule and its share, smaller beside a scene
        // drawing. Then the drawing and its rule (compact if it needs more), which is what the
        // scene shows and so comes before summary and code; what is left goes to summary and
        // code, cut if they need more, with the blank row between them only when nothing was cut.
        let drawsMarks = !(scene.transcript?.marks.isEmpty ?? true)
        let transcriptShare = drawsMarks ? minimumTranscriptRowsBesideDrawing : minimumTranscriptRows
        let fixedRows = 2 + transcriptShare
        let visualLimit = max(0, content.height - fixedRows - 1)
        var visual: [SceneVisual.Row] = []
        if let transcript = scene.transcript {
            visual = SceneVisual.rows(
                transcript.marks, now: transcript.elapsed(at: now ?? transcript.startedAt),
                live: transcript.status == .running, width: content.width, maxRows: visualLimit, theme: theme)
        }
        visual = Array(visual.prefix(visualLimit))
        let visualRows = visual.isEmpty ? 0 : visual.count + 1
        let budget = max(0, content.height - fixedRows - visualRows)
        let spaced = summary.count + 1 + code.count <= budget
        if !spaced {
            let summaryRows = min(summary.count, budget >= 2 ? budget / 2 : budget)
            summary = cut(summary, to: summaryRows, width: content.width)
            code = cut(code, to: budget - summaryRows, width: content.width)
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
        if spaced { put("", theme.text) }
        for row in code { put(row, theme.ok) }
        if !visual.isEmpty {
            put(rule("scene", width: content.width), theme.frame)
            for row in visual {
                var x = content.x
                for span in row.spans { x = buffer.write(span.text, x: x, y: y, style: span.style, clip: content) }
                y += 1
            }
        }
        let transcriptRows = max(0, content.maxY - y - 1)
        let window = transcriptWindow(scene.transcript?.lines ?? [], scrollBack: scene.transcriptScrollBack,
                                      rows: transcriptRows, width: content.width)
        put(rule(window.title, width: content.width), theme.frame)
        for row in window.rows { put(row, row.hasPrefix("==") ? theme.title : theme.text) }
    }

    /// The transcript rows that fit in `rows`, ending `scrollBack` lines before the newest (or,
    /// scrolled to the top, starting at the first), and the title of its rule: where the rows are
    /// when not all of them fit, and which way more lies.
    static func transcriptWindow(_ lines: [String], scrollBack: Int, rows: Int, width: Int) -> (rows: [String], title: String) {
        guard rows > 0, !lines.isEmpty else { return ([], "transcript") }
        let last = max(0, lines.count - 1 - scrollBack)
        var first = last + 1
        var shown: [String] = []
        // Wrap from the last line shown backwards until the rows are full; at the first line,
        // fill the rest with the lines below it.
        while first > 0, shown.count < rows {
            first -= 1
            shown.insert(contentsOf: Wrap.rows(lines[first], width: width, hang: 10), at: 0)
        }
        var end = last + 1
        while end < lines.count, shown.count < rows {
            shown.append(contentsOf: Wrap.rows(lines[end], width: width, hang: 10))
            end += 1
        }
        // A line taller than what is left shows its own end, as the newest lines always did.
        let cut = shown.count > rows
        shown = end == lines.count && scrollBack == 0 || first > 0 ? Array(shown.suffix(rows)) : Array(shown.prefix(rows))
        guard first > 0 || end < lines.count || cut else { return (shown, "transcript") }
        var title = "transcript \(first + 1)-\(end) of \(lines.count)"
        if first > 0 { title += " · ↑ PgUp" }
        if end < lines.count { title += " · ↓ End follows" }
        return (shown, title)
    }

    static func rule(_ title: String, width: Int) -> String {
        "─ \(title) " + String(repeating: "─", count: max(0, width - title.count - 3))
    }

    /// The first `count` rows, the last of them ending in "…" to say that more was cut.
    static func cut(_ rows: [String], to count: Int, width: Int) -> [String] {
        guard count > 0 else { return [] }
        guard rows.count > count else { return rows }
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
