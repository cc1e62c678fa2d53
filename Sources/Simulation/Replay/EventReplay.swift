import AsyncDemoCore
import DequeModule

/// Frames at any past instant of a run, from its event log: the fold of every event taken so
/// far, and a copy of it every `checkpointInterval` events (a bounded ring of `checkpointLimit`),
/// so a frame at instant T is folded from the nearest copy at or before T, never from the start.
///
/// A copy costs about 300 bytes a live task (its tables; the tasks' own records are shared until
/// they change), so with many live tasks the copies are spaced further: at least
/// `eventsPerLiveTask` events a live task apart. With 10,000 workers the first 50,000 events
/// made 4 copies and the process grew 19 MB, where one copy every 2,048 events grew it 97 MB;
/// a seek then folds up to 40,000 events.
///
/// Drive it with `take(_:)` as events arrive (a live log, a recording read line by line), and
/// ask `frame(at:droppedEvents:events:)` for an instant, giving it a way to read the events
/// after a sequence number again (`EventLog.events(after:limit:)`, or a recording's array).
public struct EventReplay: Sendable {
    public static let defaultCheckpointInterval = 2_048
    /// With the default interval, 128 copies cover 262,144 events: more than the live event log
    /// keeps, and more than an hour of the default scenario.
    public static let defaultCheckpointLimit = 128
    public static let eventsPerLiveTask = 4
    /// How many events a seek reads at a time.
    static let readBatch = 1_024

    public let checkpointInterval: Int
    public let checkpointLimit: Int
    /// Every event taken so far, folded.
    public private(set) var newest: FrameFold
    /// Oldest first, one each `checkpointInterval` events; the start's fold until the ring is full.
    private var checkpoints = Deque<FrameFold>()
    private var sinceCheckpoint = 0

    public init(start: FrameFold, checkpointInterval: Int = Self.defaultCheckpointInterval,
                checkpointLimit: Int = Self.defaultCheckpointLimit) {
        precondition(checkpointInterval > 0 && checkpointLimit > 0, "a replay keeps at least one checkpoint")
        self.checkpointInterval = checkpointInterval
        self.checkpointLimit = checkpointLimit
        newest = start
        checkpoints.append(start)
    }

    /// The sequence number of the last event taken.
    public var sequence: UInt64 { newest.sequence }

    /// The earliest instant a frame can be had for: the oldest checkpoint's.
    public var earliest: SimulationInstant { checkpoints.first?.instant ?? newest.instant }

    public var checkpointCount: Int { checkpoints.count }

    /// Folds `events`, the ones after `sequence`, in order, keeping a checkpoint at each interval.
    public mutating func take(_ events: some Sequence<SimulationEvent>) throws(FrameFold.Problem) {
        for event in events {
            try newest.apply(event)
            sinceCheckpoint += 1
            guard sinceCheckpoint >= max(checkpointInterval, Self.eventsPerLiveTask * newest.liveTasks) else { continue }
            sinceCheckpoint = 0
            checkpoints.append(newest)
            if checkpoints.count > checkpointLimit { checkpoints.removeFirst() }
        }
    }

    /// The frame at `instant` (clamped to `earliest`): folded from the newest checkpoint at or
    /// before it through the events `events(after, limit)` reads, up to those at `instant`.
    public func frame(
        at instant: SimulationInstant, droppedEvents: UInt64 = 0,
        events: (_ after: UInt64, _ limit: Int) -> [SimulationEvent]
    ) throws(FrameFold.Problem) -> SimulationFrame {
        let instant = max(instant, earliest)
        var fold = nearestFold(atOrBefore: instant)
        reading: while true {
            let batch = events(fold.sequence, Self.readBatch)
            if batch.isEmpty { break }
            for event in batch {
                if event.at > instant { break reading }
                try fold.apply(event)
            }
        }
        return fold.frame(at: instant, droppedEvents: droppedEvents)
    }

    /// The newest fold whose last event is at or before `instant`.
    private func nearestFold(atOrBefore instant: SimulationInstant) -> FrameFold {
        if newest.instant <= instant { return newest }
        // Checkpoints are in time order: the last one not after `instant`, by halving.
        var low = 0, high = checkpoints.count
        while low < high {
            let middle = (low + high) / 2
            if checkpoints[middle].instant <= instant { low = middle + 1 } else { high = middle }
        }
        return checkpoints[max(0, low - 1)]
    }
}

extension EventReplay {
    /// Takes what the live `log` holds after the last event taken, then the frame at `instant`.
    /// Throws a gap when the log dropped events this replay had not taken yet.
    public mutating func frame(at instant: SimulationInstant, in log: EventLog) throws(FrameFold.Problem) -> SimulationFrame {
        while true {
            let batch = log.events(after: sequence, limit: 4 * Self.readBatch)
            if batch.isEmpty { break }
            try take(batch)
        }
        return try frame(at: instant, droppedEvents: log.dropped) { log.events(after: $0, limit: $1) }
    }
}

extension DemoScenario {
    /// A replay of this run from its start, to be fed from `events`: what a rewind reads.
    public func replayFromStart() -> EventReplay {
        EventReplay(start: FrameFold(settings: settings, activityLogPath: activityLogPath))
    }
}
