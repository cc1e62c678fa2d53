/// What a task was doing during a stretch of time, as the timeline and the time breakdown tell
/// it: the task's state without its details (a failure's message), one value per kind of wait.
public enum LaneActivity: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Spawned, not yet started.
    case created
    case running
    case sleeping
    /// Suspended on file or other input/output.
    case io
    case waitingForPermit
    /// A producer held back by a full queue.
    case blockedOnFullQueue
    /// A consumer with nothing to take.
    case waitingOnEmptyQueue
    case waitingOnLock
    case waitingOnEvent
    case waitingOnTimer

    public init?(_ state: TaskState) {
        switch state {
        case .created: self = .created
        case .running: self = .running
        case .suspended(.sleep): self = .sleeping
        case .suspended(.io): self = .io
        case .waiting(.semaphore): self = .waitingForPermit
        case .waiting(.queueFull): self = .blockedOnFullQueue
        case .waiting(.queueEmpty): self = .waitingOnEmptyQueue
        case .waiting(.lock): self = .waitingOnLock
        case .waiting(.event): self = .waitingOnEvent
        case .waiting(.timer): self = .waitingOnTimer
        case .completed, .failed, .cancelled: return nil
        }
    }

    /// The name the legend, the task detail and the trace's slices use.
    public var description: String {
        switch self {
        case .created: "created"
        case .running: "running"
        case .sleeping: "sleeping"
        case .io: "file I/O"
        case .waitingForPermit: "waiting for a permit"
        case .blockedOnFullQueue: "blocked: queue full"
        case .waitingOnEmptyQueue: "waiting: queue empty"
        case .waitingOnLock: "waiting on a lock"
        case .waitingOnEvent: "waiting on an event"
        case .waitingOnTimer: "waiting on a timer"
        }
    }

    public var isWaiting: Bool {
        switch self {
        case .waitingForPermit, .blockedOnFullQueue, .waitingOnEmptyQueue, .waitingOnLock, .waitingOnEvent,
            .waitingOnTimer:
            true
        case .created, .running, .sleeping, .io: false
        }
    }
}

/// How a task's lane ends.
public enum LaneEnding: UInt8, Sendable, Hashable, CustomStringConvertible {
    case completed, failed, cancelled

    public init?(_ state: TaskState) {
        switch state {
        case .completed: self = .completed
        case .failed: self = .failed
        case .cancelled: self = .cancelled
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .completed: "completed"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }
}
