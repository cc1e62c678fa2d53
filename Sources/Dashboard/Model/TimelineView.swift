import AsyncDemoCore

/// How the person looks at the Timeline pane: whether it is shown (`T`, in the Queue pane's
/// place), the time one cell covers (`(` finer, `)` coarser), and, while paused, how far back
/// its right edge has been panned (`←` `→`, `End` back to now). The lanes themselves come from
/// the frame's run history; their order, filter and selection are the Tasks pane's (`TaskView`).
public struct TimelineView: Sendable, Equatable {
    /// The times a cell can cover, finest first.
    public static let cellWidths: [Duration] = [
        .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(200),
        .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
    ]
    /// 100 ms, the simulation's tick: each step of `.` moves the lanes one cell.
    static let defaultCellWidthIndex = 3
    /// Cells one press of `←` or `→` pans by.
    static let panCells = 10

    public var isShown = false
    var cellWidthIndex = Self.defaultCellWidthIndex
    /// The instant the right edge shows while paused and panned back; nil shows now.
    public private(set) var endsAt: SimulationInstant?

    public init() {}

    public var cellWidth: Duration { Self.cellWidths[cellWidthIndex] }

    /// The instant the right edge shows: `now`, unless paused and panned back.
    public func end(now: SimulationInstant, isPaused: Bool) -> SimulationInstant {
        guard isPaused, let endsAt, endsAt < now else { return now }
        return endsAt
    }

    /// `(` (finer) and `)` (coarser), kept within 10 ms and 10 s a cell.
    mutating func zoom(finer: Bool) {
        cellWidthIndex = min(Self.cellWidths.count - 1, max(0, cellWidthIndex + (finer ? -1 : 1)))
    }

    /// Moves the right edge `cells` cells back (negative: forward), no later than `now` and no
    /// earlier than `oldest`, the oldest instant any lane still keeps.
    mutating func pan(byCells cells: Int, now: SimulationInstant, oldest: SimulationInstant) {
        let moved = end(now: now, isPaused: true) - cellWidth * cells
        let clamped = min(now, max(min(oldest, now), moved))
        endsAt = clamped < now ? clamped : nil
    }

    /// `End`, and any resume: the right edge shows now again.
    mutating func returnToNow() {
        endsAt = nil
    }
}
