/// One thing that happened in a simulation, at a simulated instant, numbered in the order it
/// happened. The event log is a sequence of these; every pane's snapshot is what the log says
/// at an instant, and a recording or a stream from another program is these, one per line.
///
/// A public format: cases are named for what happened, never for a pane, and the encoding is
/// versioned by `formatVersion`. Adding a case is a minor change a reader may skip; renaming or
/// removing one, or changing a field's meaning, bumps the version.
public struct SimulationEvent: Sendable, Hashable, Codable {
    /// The version of this encoding, written in every recording's header.
    public static let formatVersion = 1

    /// 1 for the first event of a run, one more for each after it, with no gaps: a gap in a
    /// reader's copy means events were dropped.
    public let sequence: UInt64
    public let at: SimulationInstant
    public let kind: Kind
    /// Which of a watched program's named primitives the event is about (`"db"`, `"jobs"`):
    /// a probed program has many semaphores and queues, the simulation one of each (nil).
    /// Optional and left out of the encoding when nil, so a reader of format 1 skips it.
    public let resource: String?
    /// What else a watched program said about it (a span's attributes and links, a log line's
    /// task); nil, and left out of the encoding, for the simulation's events.
    public let fields: [String: String]?

    public init(sequence: UInt64, at: SimulationInstant, kind: Kind, resource: String? = nil, fields: [String: String]? = nil) {
        self.sequence = sequence
        self.at = at
        self.kind = kind
        self.resource = resource
        self.fields = fields
    }

    public enum Kind: Sendable, Hashable, Codable {
        /// A task was created; `parent` is the task that started it, if one did.
        case taskSpawned(task: TaskID, name: String, kind: String, parent: TaskID?)
        /// A live task was given a new name: a watched program's span named once it knew more
        /// (a server's request span is named for its route once the router has matched it).
        case taskRenamed(task: TaskID, name: String)
        /// A live task began running, waiting (on what: `state` says) or suspended.
        case taskStateChanged(task: TaskID, state: TaskState)
        /// A task ended: completed, failed (with the error) or cancelled.
        case taskFinished(task: TaskID, state: TaskState)
        /// A task asked the semaphore for a permit (it may get one at once).
        case permitRequested(task: TaskID)
        case permitGranted(task: TaskID, waitedNanoseconds: Int64)
        case permitReleased(task: TaskID)
        /// A task stopped waiting for a permit without getting one (it was cancelled).
        case permitRequestCancelled(task: TaskID)
        case permitsResized(permits: Int)
        case itemEnqueued(item: Int, producer: TaskID, depth: Int)
        case itemDequeued(item: Int, consumer: TaskID, depth: Int)
        /// The queue was full when the producer came to send: back-pressure holds it.
        case producerBlocked(task: TaskID)
        /// The blocked producer stopped waiting: its item went in, or it was cancelled first.
        case producerUnblocked(task: TaskID)
        case queueResized(capacity: Int)
        /// A line of the activity log, as written (level and message with its metadata).
        case logLine(level: String, message: String)
        /// A lesson scene began: run `run` (counted from 1 in a dashboard's life) of the example
        /// `lesson` names (`basics/concurrent`). Lesson time is 0 at this event's instant.
        case lessonStarted(run: Int, lesson: String)
        /// The scene's narrator said a line of its transcript.
        case lessonSaid(run: Int, line: String)
        /// A lesson scene's example marked its scene (a bar, a countdown, a gauge reading).
        case lessonMarked(run: Int, mark: SceneMark)
        /// The scene's Log pane read these lines of the file its example follows.
        case lessonFileLinesRead(run: Int, lines: [String])
        /// The scene's example ended: completed, failed (with the error) or cancelled.
        case lessonEnded(run: Int, state: TaskState)
        /// The person closed the scene (its panel leaves the screen).
        case lessonClosed(run: Int)
        /// A person's key reached the simulation as this command.
        case commandApplied(command: String)
        /// A task began a piece of simulated work planned to last this long (a worker or a job
        /// holding its permit), so a reader can tell how far along it is.
        case workStarted(task: TaskID, plannedNanoseconds: Int64)
        /// Each producer's rate was set: items per simulated second.
        case producerRateChanged(perSecond: Double)
        /// The pipeline's once-a-second reading of the queue (its depth history and flow rates
        /// are made of these).
        case queueSampled(depth: Int, sent: Int, received: Int)
        /// The board refused a transition its state machine forbids (each one is a bug).
        case taskTransitionRefused(description: String)
        /// A watched program's stream lost events before this one (a gap in the sequence): the
        /// next `events` events tell the program's present again, as at an attach (its live
        /// tasks with their states, each semaphore and queue), so a reader rebuilds its view of
        /// them from those, and a task it holds live that is not told again ended unseen.
        case presentRetold(events: Int)
    }
}

extension SimulationEvent.Kind {
    /// Whether it is `presentRetold`, which may follow a gap in the sequence (it makes up for it).
    public var isPresentRetold: Bool {
        if case .presentRetold = self { true } else { false }
    }
}

extension TaskID: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension WaitReason: Codable {}
extension SuspendReason: Codable {}

/// Encoded as a bare name when the state has no detail (`"running"`, `"completed"`), and as a
/// one-key object when it has (`{"waiting": "semaphore"}`, `{"failed": "timed out"}`): plain
/// names a reader in another language matches directly, and the shortest form of the most
/// frequent event (a state change), which keeps an hour's recording under 20 MB.
extension TaskState: Codable {
    private enum Detailed: String, CodingKey { case waiting, suspended, failed }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            switch name {
            case "created": self = .created
            case "running": self = .running
            case "completed": self = .completed
            case "cancelled": self = .cancelled
            default:
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath, debugDescription: "unknown task state '\(name)'"))
            }
            return
        }
        let container = try decoder.container(keyedBy: Detailed.self)
        guard let key = container.allKeys.first, container.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "a task state is a name or one of waiting, suspended, failed"))
        }
        switch key {
        case .waiting: self = .waiting(try container.decode(WaitReason.self, forKey: key))
        case .suspended: self = .suspended(try container.decode(SuspendReason.self, forKey: key))
        case .failed: self = .failed(try container.decode(String.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .created, .running, .completed, .cancelled:
            var container = encoder.singleValueContainer()
            try container.encode(description)
        case .waiting(let reason):
            var container = encoder.container(keyedBy: Detailed.self)
            try container.encode(reason, forKey: .waiting)
        case .suspended(let reason):
            var container = encoder.container(keyedBy: Detailed.self)
            try container.encode(reason, forKey: .suspended)
        case .failed(let error):
            var container = encoder.container(keyedBy: Detailed.self)
            try container.encode(error, forKey: .failed)
        }
    }
}
