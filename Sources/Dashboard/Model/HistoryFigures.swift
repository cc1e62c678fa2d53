import AsyncDemoCore

/// What the panes read of the run's history, taken at each frame: the time by activity of every
/// task the board lists (and of the open detail's), at the frame's instant, and the permit
/// waits. Not the history itself: a model holding the frame's `RunHistory` shares its lanes with
/// the frame aggregator, whose next event then copies every lane (1.3 ms a frame with 12,000
/// lanes, in release); these breakdowns are made afresh instead, for at most the board's 1,500
/// rows (0.8 ms for all 1,500, far less for the default scenario's dozen). At the frame's
/// instant is all they need: paused, no frame comes and the instant shown does not move.
public struct HistoryFigures: Sendable {
    /// Each task's time by activity up to `instant`; a task the history no longer keeps (or
    /// never saw spawned) has none.
    public internal(set) var breakdowns: [TaskID: TimeBreakdown]
    public let permitWaits: WaitDistribution
    public let instant: SimulationInstant
    /// How many finished tasks the history keeps, and how long, for the detail's word on one
    /// it let go.
    public let finishedLimit: Int
    public let retention: Duration

    public init(history: RunHistory, at instant: SimulationInstant, tasks: some Collection<TaskID>) {
        var breakdowns: [TaskID: TimeBreakdown] = [:]
        breakdowns.reserveCapacity(tasks.count)
        for task in tasks { breakdowns[task] = history.lanes[task]?.breakdown(at: instant) }
        self.breakdowns = breakdowns
        permitWaits = history.permitWaits
        self.instant = instant
        finishedLimit = history.lanes.finishedLimit
        retention = history.lanes.retention
    }
}
