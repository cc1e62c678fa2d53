import Simulation
import AsyncDemoCore
import TerminalKit

/// The Workers pane: the permits gauge, how long permits took to be granted over the run, then
/// a row per task competing for the semaphore (its state glyph, a progress bar of its job, how
/// long it has waited or held), or a compact cell per task when there are more than fit.
enum WorkersPane {
    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        guard let workers = model.workers else {
            return PaneText.centered("starting workers…", theme: theme, in: area, buffer: &buffer)
        }
        let now = model.simulationNow ?? workers.semaphore.takenAt
        // Below three rows the workers' rows keep the room the waits would take.
        let showsWaits = model.historyFigures != nil && area.height >= 3
        let rows = area.split(.vertical, [.length(1), .length(showsWaits ? 1 : 0), .fill(1)])
        renderPermits(workers, theme: theme, in: rows[0], buffer: &buffer)
        if showsWaits, let waits = model.historyFigures?.permitWaits {
            permitWaitsLine(waits, theme: theme).render(x: rows[1].x, y: rows[1].y, clip: rows[1], buffer: &buffer)
        }
        let list = rows[2]
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
        // Over-held (permits lowered below what is held), the full gauge says little and the why needs the room.
        let gaugeWidth = semaphore.held > semaphore.permits ? 4 : min(12, max(4, area.width / 6))
        x = Gauge.render(fraction, width: gaugeWidth, x: x, y: area.y,
                         fill: semaphore.waiterCount > 0 ? theme.busy : theme.ok, track: theme.dim, clip: area, buffer: &buffer)
        permitsLine(semaphore, theme: theme).render(x: x, y: area.y, clip: area, buffer: &buffer)
    }

    /// "3/3 held, 2 waiting · peak 3": the peak goes first when the line is narrow, then the
    /// waiters. After `-` lowered the permits below what is held, the line says why more are
    /// held than there are permits ("3 held / 1 permit (2 return on release)"): lowering waits
    /// for the holders to give theirs back; that reason goes only after the waiters.
    static func permitsLine(_ semaphore: SemaphoreSnapshot, theme: Theme) -> PrioritizedLine {
        typealias Wording = PrioritizedLine.Wording
        let held: PrioritizedLine.Segment
        if semaphore.held > semaphore.permits {
            let returning = semaphore.held - semaphore.permits
            let permits = "\(semaphore.permits) \(semaphore.permits == 1 ? "permit" : "permits")"
            held = PrioritizedLine.Segment([
                Wording(text: " \(semaphore.held) held / \(permits) (\(returning) return on release)", priority: 8),
                Wording(text: " \(semaphore.held) held / \(permits)", priority: 9),
            ], style: theme.warning)
        } else {
            held = PrioritizedLine.Segment(" \(semaphore.held)/\(semaphore.permits) held", priority: 9, style: theme.text)
        }
        return PrioritizedLine(segments: [
            held,
            PrioritizedLine.Segment(", \(semaphore.waiterCount) waiting", priority: 7, style: theme.text),
            PrioritizedLine.Segment(" · peak \(semaphore.peakHeld)", priority: 2, style: theme.text),
        ])
    }

    /// "permit waits p50 350ms · p99 3.2s · max 3.5s · 12 granted": every grant of the run, the
    /// immediate ones (waited 0) too. Narrow, the words shorten ("waits p50 350ms p99 3.2s max
    /// 3.5s n=12", then the label to the rows' waiting glyph ◌) before a figure goes, the count
    /// first: at 80 columns the pane has 36 cells, and a long run's figures all fit in them.
    static func permitWaitsLine(_ waits: WaitDistribution, theme: Theme) -> PrioritizedLine {
        typealias Wording = PrioritizedLine.Wording
        let label = PrioritizedLine.Segment(
            [Wording(text: "permit waits", priority: 3), Wording(text: "waits", priority: 5), Wording(text: "◌", priority: 10)],
            style: theme.title)
        guard let median = waits.quantile(0.5), let p99 = waits.quantile(0.99) else {
            return PrioritizedLine(segments: [label, PrioritizedLine.Segment(" none yet", priority: 9, style: theme.dim)])
        }
        func figure(_ name: String, _ value: Duration, long: Int, short: Int) -> PrioritizedLine.Segment {
            PrioritizedLine.Segment([Wording(text: " · \(name) \(waitText(value))", priority: long),
                                     Wording(text: " \(name) \(waitText(value))", priority: short)], style: theme.text)
        }
        return PrioritizedLine(segments: [
            label,
            PrioritizedLine.Segment(" p50 \(waitText(median))", priority: 9, style: theme.text),
            figure("p99", p99, long: 4, short: 8),
            figure("max", waits.maximum, long: 4, short: 7),
            PrioritizedLine.Segment([Wording(text: " · \(waits.count) granted", priority: 2),
                                     Wording(text: " n=\(waits.count)", priority: 6)], style: theme.dim),
        ])
    }

    /// Milliseconds under a second ("0ms", "350ms"), where most permit waits are; else as
    /// every duration on screen reads ("3.2s", "2m05s").
    static func waitText(_ wait: Duration) -> String {
        wait < .seconds(1) ? "\(wait.wholeNanoseconds / 1_000_000)ms" : Format.seconds(wait)
    }

    /// A row's glyph, its state in the words the Tasks pane uses for the same task (holding a
    /// permit is running, between jobs is sleeping), and its style.
    static func glyph(_ phase: WorkerRow.Phase, theme: Theme) -> (Character, String, Style) {
        switch phase {
        case .starting: ("○", TasksPane.stateWord(.created), theme.dim)
        case .sleeping: ("·", TasksPane.stateWord(.suspended(.sleep)), theme.dim)
        case .waiting: ("◌", TasksPane.stateWord(.waiting(.semaphore)), theme.warning)
        case .holding: ("●", TasksPane.stateWord(.running), theme.ok)
        case .done: ("✓", TasksPane.stateWord(.completed), theme.dim)
        case .cancelled: ("⊘", TasksPane.stateWord(.cancelled), theme.busy)
        case .failed: ("✗", TasksPane.stateWord(.failed("")), theme.error)
        }
    }

    static func renderRows(_ rows: [WorkerRow], now: SimulationInstant, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let labelWidth = min(10, rows.map { CharacterWidth.of($0.label) }.max() ?? 2)
        // The bar is the first to go: the label, state and the time it has been in it stay.
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
            var detail: [String]
            switch row.phase {
            case .holding(let job):
                fraction = job > .zero ? min(1, elapsed / job) : 1
                detail = ["\(Format.seconds(min(elapsed, job)))/\(Format.seconds(job))", Format.seconds(min(elapsed, job))]
            case .waiting: detail = ["waited \(Format.seconds(elapsed))", Format.seconds(elapsed)]
            case .sleeping, .starting: detail = [Format.seconds(elapsed)]
            case .done, .cancelled, .failed: detail = []
            }
            if barWidth >= 4 {
                if case .holding = row.phase {
                    x = Gauge.render(fraction, width: barWidth, x: x, y: y, fill: theme.ok, track: theme.dim, clip: area,
                                     buffer: &buffer)
                } else {
                    x += barWidth
                }
            }
            let wordings = detail.map { PrioritizedLine.Wording(text: " " + $0, priority: 1) }
            PrioritizedLine(segments: [PrioritizedLine.Segment(wordings, style: rowStyle)]).render(x: x, y: y, clip: area,
                                                                                                   buffer: &buffer)
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
