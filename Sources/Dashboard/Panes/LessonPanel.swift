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
        var visual: [SceneVisual.Row] = []
        if let transcript = scene.transcript {
            visual = SceneVisual.rows(
                transcript.marks, now: transcript.elapsed(at: now ?? transcript.startedAt),
                live: transcript.status == .running, width: content.width, theme: theme)
        }
        // Always there: the status row, the transcript's rule and its share, smaller beside a scene
        // drawing. Then the drawing and its rule, leaving a row each to summary and code; what is
        // left goes to summary and code, cut if they need more, with the blank row between them
        // only when nothing had to be cut.
        let transcriptShare = visual.isEmpty ? minimumTranscriptRows : minimumTranscriptRowsBesideDrawing
        let fixedRows = 2 + transcriptShare
        visual = Array(visual.prefix(max(0, content.height - fixedRows - 3)))
        let visualRows = visual.isEmpty ? 0 : visual.count + 1
        let budget = content.height - fixedRows - visualRows
        let spaced = summary.count + 1 + code.count <= budget
        if !spaced {
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
        put(rule("transcript", width: content.width), theme.frame)
        let transcriptRows = max(0, content.maxY - y)
        let lines = scene.transcript?.lines ?? []
        // Only the newest lines can show: wrap from the end backwards until the rows are full.
        var shown: [String] = []
        for line in lines.reversed() where shown.count < transcriptRows {
            shown.insert(contentsOf: Wrap.rows(line, width: content.width, hang: 10), at: 0)
        }
        for row in shown.suffix(transcriptRows) { put(row, row.hasPrefix("==") ? theme.title : theme.text) }
    }

    static func rule(_ title: String, width: Int) -> String {
        "─ \(title) " + String(repeating: "─", count: max(0, width - title.count - 3))
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
