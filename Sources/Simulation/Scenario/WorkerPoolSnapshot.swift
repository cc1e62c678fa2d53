import AsyncDemoCore

/// One task that competes for the semaphore: a pool worker (`w3`) or a job spawned with `s`.
public struct WorkerRow: Sendable, Equatable, Identifiable {
    public enum Phase: Sendable, Equatable {
        case starting
        /// Sleeping between jobs (a worker) or before asking (a job): not competing.
        case sleeping
        case waiting
        case holding(job: Duration)
        case done, cancelled, failed

        public var isFinished: Bool {
            switch self {
            case .done, .cancelled, .failed: true
            default: false
            }
        }
    }

    public let id: TaskID
    public let label: String
    public let isJob: Bool
    public internal(set) var phase: Phase
    /// When the phase began, in simulation time.
    public internal(set) var since: SimulationInstant

    public init(id: TaskID, label: String, isJob: Bool, phase: Phase, since: SimulationInstant) {
        self.id = id
        self.label = label
        self.isJob = isJob
        self.phase = phase
        self.since = since
    }
}

/// What the Workers pane shows: every competing task, in start order, and the semaphore.
public struct WorkerPoolSnapshot: Sendable {
    public let rows: [WorkerRow]
    public let semaphore: SemaphoreSnapshot

    public init(rows: [WorkerRow], semaphore: SemaphoreSnapshot) {
        self.rows = rows
        self.semaphore = semaphore
    }
}
