import AsyncDemoCore
import Simulation
import TerminalKit

/// The Timeline pane: a lane per task, in the Tasks pane's order, filter and tree, the selected
/// task's name highlighted; time runs right to left, the right edge now (or, paused, as far back
/// as it was panned). A one-line legend on top when there is room, a time axis at the bottom.
/// Only the lanes on screen are asked for their cells.
enum TimelinePane {
    /// Rows under the legend and above the axis: at least this many lanes, or the legend goes.
    static let lanesWithLegend = 3

    static func title(for model: DashboardModel) -> String {
        let timeline = model.timeline
        var parts = ["\(TimeLabel.of(timeline.cellWidth))/cell"]
        if let now = model.simulationNow {
            let back = now - timeline.end(now: now, isPaused: model.isPaused)
            if back > .zero { parts.append("\(TimeLabel.of(back)) back · End: now") }
        }
        return "Timeline — " + parts.joined(separator: " · ")
    }

    /// The rows of a pane's text area `height` high: the legend's (if any), the lanes', the axis's.
    struct Rows: Equatable {
        let legend: Bool
        let lanes: Int

        init(height: Int) {
            let withoutAxis = max(0, height - 1)
            legend = withoutAxis >= TimelinePane.lanesWithLegend + 1
            lanes = max(0, withoutAxis - (legend ? 1 : 0))
        }

        var firstLane: Int { legend ? 1 : 0 }
    }

    /// Cells left of the lanes for the task names (and the tree's guides).
    static func gutterWidth(paneWidth: Int) -> Int { min(18, max(6, paneWidth / 4)) }

    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        guard let snapshot = model.tasks, let now = model.simulationNow else {
            return PaneText.centered("waiting for the task board…", theme: theme, in: area, buffer: &buffer)
        }
        let rows = Rows(height: area.height)
        let gutter = gutterWidth(paneWidth: area.width)
        let lanesArea = Rect(x: area.x + gutter, y: area.y, width: max(0, area.width - gutter), height: area.height)
        let end = model.timeline.end(now: now, isPaused: model.isPaused)
        let width = model.timeline.cellWidth
        if rows.legend { renderLegend(theme: theme, x: area.x, y: area.y, clip: area, buffer: &buffer) }
        let listing = model.taskListing
        if listing.rows.isEmpty {
            buffer.write(TasksPane.emptyMessage(model, snapshot: snapshot), x: area.x, y: area.y + rows.firstLane,
                         style: theme.dim, clip: area)
        }
        let focused = model.focusedTask(in: listing.rows)
        let first = TasksPane.firstShownRow(of: listing.rows, focused: focused, visible: rows.lanes)
        let shown = first..<min(listing.rows.count, first + rows.lanes)
        for (offset, index) in shown.enumerated() {
            let task = listing.rows[index]
            let y = area.y + rows.firstLane + offset
            let name = Text.padded(Text.truncated(listing.guides[index] + task.name, toWidth: gutter - 1), toWidth: gutter)
            let nameStyle = task.id == focused ? theme.highlight : task.state.isFinished ? theme.dim : theme.text
            buffer.write(name, x: area.x, y: y, style: nameStyle, clip: area)
            guard let lane = model.history?.lanes[task.id] else { continue }
            var cells = lane.cells(count: lanesArea.width, width: width, endingAt: end)
            // An ending at the right edge's very instant is in no half-open cell: the last shows it.
            if let ending = lane.ending, ending.at == end, let last = cells.indices.last {
                cells[last] = TaskLane.Cell(activity: cells[last].activity, isMixed: cells[last].isMixed, ending: ending.state)
            }
            for (column, cell) in cells.enumerated() {
                if let drawn = LaneGlyph.cell(cell, theme: theme) { buffer.set(drawn, x: lanesArea.x + column, y: y) }
            }
        }
        if rows.lanes > 0, shown.count < listing.rows.count {
            let position = "\(shown.lowerBound + 1)-\(shown.upperBound)/\(listing.rows.count)"
            buffer.write(Text.truncated(position, toWidth: gutter - 1), x: area.x, y: area.maxY - 1, style: theme.dim, clip: area)
        }
        renderAxis(now: now, end: end, cellWidth: width, theme: theme,
                   in: Rect(x: lanesArea.x, y: area.maxY - 1, width: lanesArea.width, height: 1), buffer: &buffer)
    }

    /// `█ run ─ sleep …`, whole entries only, as many as fit.
    static func renderLegend(theme: Theme, x start: Int, y: Int, clip: Rect, buffer: inout ScreenBuffer) {
        var x = start
        for entry in LaneGlyph.legend(theme: theme) {
            let width = 2 + CharacterWidth.of(entry.short)
            guard x + width <= clip.maxX else { break }
            buffer.set(Cell(entry.glyph, style: entry.style), x: x, y: y)
            x = buffer.write(" " + entry.short + " ", x: x + 1, y: y, style: theme.dim, clip: clip)
        }
    }

    /// The time axis under the lanes: the right edge's instant (`now`, or how far back it is),
    /// then a label every few cells at whole steps back from now, none overlapping the next.
    static func renderAxis(now: SimulationInstant, end: SimulationInstant, cellWidth: Duration, theme: Theme, in area: Rect,
                           buffer: inout ScreenBuffer) {
        guard area.width > 0 else { return }
        let back = now - end
        let edge = back > .zero ? "-" + TimeLabel.of(back) : "now"
        var leftmost = buffer.write(edge, x: area.maxX - CharacterWidth.of(edge), y: area.y, style: theme.title, clip: area)
            - CharacterWidth.of(edge)
        let step = TimeLabel.step(forCellWidth: cellWidth)
        let cellNanoseconds = cellWidth.wholeNanoseconds
        // The first whole step at or before the right edge, then every step further back.
        var ago = Duration.nanoseconds((back.wholeNanoseconds / step.wholeNanoseconds + 1) * step.wholeNanoseconds)
        while true {
            let cellsFromEdge = (ago - back).wholeNanoseconds / cellNanoseconds
            let boundary = area.maxX - Int(cellsFromEdge)
            guard boundary > area.x else { break }
            let label = "-" + TimeLabel.of(ago)
            let x = boundary - CharacterWidth.of(label)
            if x >= area.x, boundary < leftmost {
                buffer.write(label, x: x, y: area.y, style: theme.dim, clip: area)
                leftmost = x - 1
            }
            ago += step
        }
    }

    /// The task whose lane is on screen row `y` of the pane's text area, if any (for the mouse).
    static func task(atY y: Int, in area: Rect, model: DashboardModel) -> TaskID? {
        let rows = Rows(height: area.height)
        let listing = model.taskRows
        let offset = y - area.y - rows.firstLane
        guard model.tasks != nil, offset >= 0, offset < rows.lanes else { return nil }
        let index = TasksPane.firstShownRow(of: listing, focused: model.focusedTask(in: listing), visible: rows.lanes) + offset
        return listing.indices.contains(index) ? listing[index].id : nil
    }
}

/// Short durations for the Timeline's title and axis: `10ms`, `1.5s`, `2m`, `1m30s`.
enum TimeLabel {
    static func of(_ duration: Duration) -> String {
        let milliseconds = duration.wholeNanoseconds / 1_000_000
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 60_000 {
            let tenths = milliseconds / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = milliseconds / 1000
        return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60 < 10 ? "0" : "")\(seconds % 60)s"
    }

    /// Labels at least this many cells apart, so that `-1m30s` and its gap fit between two.
    static let minimumCellsApart = 9
    static let steps: [Duration] = [
        .milliseconds(100), .milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        .seconds(20), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1200),
        .seconds(1800), .seconds(3600),
    ]

    /// The smallest round step between axis labels that leaves room for them.
    static func step(forCellWidth width: Duration) -> Duration {
        steps.first { $0 >= width * minimumCellsApart } ?? width * minimumCellsApart
    }
}
