import Simulation
import AsyncDemoCore
import TerminalKit

/// The Workers pane: the permits gauge, then a row per task competing for the semaphore (its
/// state glyph, a progress bar of its job, how long it has waited or held), or a compact cell
/// per task when there are more than fit.
enum WorkersPane {
    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        guard let workers = model.workers else {
            return PaneText.centered("starting workers…", theme: theme, in: area, buffer: &buffer)
        }
        let now = model.simulationNow ?? workers.semaphore.takenAt
        let rows = area.split(.vertical, [.length(1), .fill(1)])
        renderPermits(workers, theme: theme, in: rows[0], buffer: &buffer)
        let list = rows[1]
        guard !list.isEmpty else { return }
        if workers.rows.isEmpty {
            buffer.write("no workers: w adds one, s spawns a job", x: list.x, y: list.y, style: theme.dim, clip: list)
            return
        }
        if workers.rows.count <= list.height {
            renderRows(workers.rows, now: now, theme: theme, in: list, buffer: &buffer)
        } else {
            renderCells(workers.rows, theme: theme, in: list, buffer: &buffer)
        }
    }

    static func renderPermits(_ workers: WorkerPoolSnapshot, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let semaphore = workers.semaphore
        var x = buffer.write("permits ", x: area.x, y: area.y, style: theme.title, clip: area)
        let fraction = Double(semaphore.held) / Double(max(1, semaphore.permits))
        x = Gauge.render(fraction, width: min(12, max(4, area.width / 6)), x: x, y: area.y,
                         fill: semaphore.waiterCount > 0 ? theme.busy : theme.ok, track: theme.dim, clip: area, buffer: &buffer)
        let text = " \(semaphore.held)/\(semaphore.permits) held, \(semaphore.waiterCount) waiting · peak \(semaphore.peakHeld)"
        buffer.write(text, x: x, y: area.y, style: theme.text, clip: area)
    }

    static func glyph(_ phase: WorkerRow.Phase, theme: Theme) -> (Character, String, Style) {
        switch phase {
        case .starting: ("○", "starting", theme.dim)
        case .sleeping: ("·", "idle", theme.dim)
        case .waiting: ("◌", "waiting", theme.warning)
        case .holding: ("●", "holding", theme.ok)
        case .done: ("✓", "done", theme.dim)
        case .cancelled: ("⊘", "cancelled", theme.busy)
        case .failed: ("✗", "failed", theme.error)
        }
    }

    static func renderRows(_ rows: [WorkerRow], now: SimulationInstant, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let labelWidth = min(10, rows.map { CharacterWidth.of($0.label) }.max() ?? 2)
        let barWidth = min(20, max(0, area.width - labelWidth - 26))
        for (offset, row) in rows.enumerated() {
            let y = area.y + offset
            let (symbol, word, style) = glyph(row.phase, theme: theme)
            let rowStyle = row.phase.isFinished ? theme.dim : theme.text
            var x = buffer.write(Text.padded(Text.truncated(row.label, toWidth: labelWidth), toWidth: labelWidth) + " ",
                                 x: area.x, y: y, style: rowStyle, clip: area)
            x = buffer.write("\(symbol) " + Text.padded(word, toWidth: 9), x: x, y: y, style: style, clip: area)
            let elapsed = max(.zero, now - row.since)
            var fraction = 0.0
            var detail: String
            switch row.phase {
            case .holding(let job):
                fraction = job > .zero ? min(1, elapsed / job) : 1
                detail = "\(Format.seconds(min(elapsed, job)))/\(Format.seconds(job))"
            case .waiting: detail = "waited \(Format.seconds(elapsed))"
            case .sleeping, .starting: detail = Format.seconds(elapsed)
            case .done, .cancelled, .failed: detail = ""
            }
            if barWidth >= 4 {
                if case .holding = row.phase {
                    x = Gauge.render(fraction, width: barWidth, x: x, y: y, fill: theme.ok, track: theme.dim, clip: area,
                                     buffer: &buffer)
                } else {
                    x += barWidth
                }
            }
            buffer.write(" " + detail, x: x, y: y, style: rowStyle, clip: area)
        }
    }

    /// Many tasks: a cell each ("w12●"), in rows; what does not fit is counted in the last cell.
    static func renderCells(_ rows: [WorkerRow], theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        // Only rows that can be shown are measured: with 10,000 workers this runs every frame.
        let labelWidth = min(8, rows.prefix(area.width * area.height / 3).map { CharacterWidth.of($0.label) }.max() ?? 2)
        let cellWidth = labelWidth + 3
        let perLine = max(1, area.width / cellWidth)
        let capacity = perLine * area.height
        let shown = rows.count > capacity ? capacity - 1 : rows.count
        for (index, row) in rows.prefix(shown).enumerated() {
            let x = area.x + (index % perLine) * cellWidth
            let y = area.y + index / perLine
            let (symbol, _, style) = glyph(row.phase, theme: theme)
            let after = buffer.write(Text.truncated(row.label, toWidth: labelWidth), x: x, y: y,
                                     style: row.phase.isFinished ? theme.dim : theme.text, clip: area)
            buffer.write(String(symbol), x: after, y: y, style: style, clip: area)
        }
        if shown < rows.count {
            let index = shown
            buffer.write("+\(rows.count - shown)", x: area.x + (index % perLine) * cellWidth, y: area.y + index / perLine,
                         style: theme.dim, clip: area)
        }
    }
}

/// Small text helpers the panes share.
enum PaneText {
    static func centered(_ message: String, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let width = CharacterWidth.of(message)
        buffer.write(message, x: area.x + max(0, (area.width - width) / 2), y: area.y + area.height / 2,
                     style: theme.dim, clip: area)
    }
}
