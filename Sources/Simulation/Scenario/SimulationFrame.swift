import AsyncDemoCore

/// Every pane's data at one simulated instant: what one drawn frame shows. Taken by the frame
/// aggregator on the simulation's thread at a quiet point, so the Workers gauge, the Tasks rows
/// and the log agree with each other.
public struct SimulationFrame: Sendable {
    /// The newest event the frame includes.
    public let sequence: UInt64
    public let instant: SimulationInstant
    /// Events the log dropped to stay within its capacity (shown in the header when non-zero).
    public let droppedEvents: UInt64
    public let workers: WorkerPoolSnapshot
    public let queue: PipelineSnapshot
    public let tasks: TaskBoardSnapshot
    /// The simulation's activity log, as the Log pane shows it when it follows no file.
    public let activity: LogSnapshot
    /// Every task's lane and the permit waits, up to this frame's instant.
    public let history: RunHistory
    /// The lesson scene's transcript, when a scene has run.
    public let lesson: LessonTranscript?
    /// A watched program's named semaphores and queues (none in the simulation's own frames).
    public var resources = ResourcesSnapshot()
}
