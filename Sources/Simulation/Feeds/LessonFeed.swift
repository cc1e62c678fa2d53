import AsyncDemoCore
import Lessons
import Locking

/// A scene's narrated transcript, and the marks it draws with, as the feed last published them.
public struct LessonTranscript: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case running, completed, cancelled
        case failed(String)
    }

    /// The scene run these lines belong to (`LessonPick.run`).
    public var run: Int
    /// The example's name (`basics/concurrent`, `LessonPick.name`).
    public var lesson: String
    /// Simulation time when lesson time was zero: with the model's `simulationNow`, how far
    /// the lesson has got between two marks.
    public var startedAt: SimulationInstant
    /// Newest last; at most the feed's history limit.
    public var lines: [String] = []
    /// Oldest first; past the history limit the oldest generated values go first.
    public var marks: [SceneMark] = []
    /// The file the example asked the scene's Log pane to follow, as its own feed last saw it.
    public var followedLog: LogSnapshot?
    public var status: Status = .running

    public init(run: Int, lesson: String, startedAt: SimulationInstant, lines: [String] = [], marks: [SceneMark] = [],
                status: Status = .running) {
        self.run = run
        self.lesson = lesson
        self.startedAt = startedAt
        self.lines = lines
        self.marks = marks
        self.status = status
    }

    /// Lesson time at simulation instant `now`.
    public func elapsed(at now: SimulationInstant) -> Duration {
        max(.zero, startedAt.duration(to: now))
    }

    /// Adds a line said, keeping at most `limit` (the newest).
    mutating func say(_ line: String, limit: Int) {
        lines.append(line)
        if lines.count > limit { lines.removeFirst(lines.count - limit) }
    }

    /// Adds a mark; past `limit`, the oldest generated value goes (only a generator marks
    /// without end, and its oldest values are what the scene shows least).
    mutating func mark(_ mark: SceneMark, limit: Int) {
        marks.append(mark)
        if marks.count > limit,
           let oldest = marks.firstIndex(where: { if case .generated = $0.kind { true } else { false } }) {
            marks.remove(at: oldest)
        }
    }
}

extension LessonTranscript.Status {
    /// How a scene whose example's task ended in `state` ended.
    init(ending state: TaskState) {
        switch state {
        case .cancelled: self = .cancelled
        case .failed(let message): self = .failed(message)
        default: self = .completed
        }
    }

    /// The task state the event log says it with.
    var taskState: TaskState {
        switch self {
        case .running: .running
        case .completed: .completed
        case .cancelled: .cancelled
        case .failed(let message): .failed(message)
        }
    }
}

/// Collects the narration of the running lesson and publishes it as newest-only snapshots. The
/// lesson's tasks hand lines over through a stream, in the order they said them, without
/// waiting for the actor; the model only ever sees whole snapshots, never a shared buffer.
///
/// Each thing handed over is also told to the event log as it happens (`lessonStarted`,
/// `lessonSaid`, `lessonMarked`, ...), so a rewind or a replay folds the same transcript.
public actor LessonFeed {
    enum Event: Sendable {
        case began(run: Int, lesson: String, startedAt: SimulationInstant)
        case line(run: Int, String)
        case mark(run: Int, SceneMark)
        case followed(run: Int, LogSnapshot)
        case ended(run: Int, LessonTranscript.Status)
    }

    public nonisolated let snapshots: AsyncStream<LessonTranscript>
    private let publisher: AsyncStream<LessonTranscript>.Continuation
    private let events: AsyncStream<Event>
    private let input: AsyncStream<Event>.Continuation
    /// Events handed over so far; with `applied`, tells a stepped run when the feed is caught up.
    private let handedOver = LockedState(0)
    private var applied = 0
    private let historyLimit: Int
    private var transcript: LessonTranscript?
    private let eventLog: EventLog?

    public init(historyLimit: Int = LessonFeed.defaultHistoryLimit, events: EventLog? = nil) {
        self.historyLimit = max(1, historyLimit)
        eventLog = events
        (snapshots, publisher) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        // Unbounded on purpose: a lesson narrates a few dozen lines, and none may be lost.
        (self.events, input) = AsyncStream.makeStream()
    }

    /// Applies handed-over events until the calling task is cancelled.
    public func run() async {
        for await event in events {
            apply(event)
            if let transcript { publisher.yield(transcript) }
        }
        publisher.finish()
    }

    /// Transcript lines kept, and marks past which the oldest generated value goes.
    public static let defaultHistoryLimit = 500

    /// Where the narrator of run `run` writes; safe to call from any task.
    public nonisolated func sink(for run: Int) -> @Sendable (String) -> Void {
        { [self] line in
            record(.lessonSaid(run: run, line: line))
            hand(.line(run: run, line))
        }
    }

    /// Where the example of run `run` marks its scene; safe to call from any task.
    nonisolated func markSink(for run: Int) -> @Sendable (SceneMark) -> Void {
        { [self] mark in
            record(.lessonMarked(run: run, mark: mark))
            hand(.mark(run: run, mark))
        }
    }

    /// Where the scene's own log feed publishes for run `run`.
    nonisolated func followed(run: Int, _ log: LogSnapshot) { hand(.followed(run: run, log)) }

    nonisolated func began(run: Int, lesson: String, startedAt: SimulationInstant) {
        record(.lessonStarted(run: run, lesson: lesson))
        hand(.began(run: run, lesson: lesson, startedAt: startedAt))
    }

    nonisolated func ended(run: Int, as status: LessonTranscript.Status) {
        record(.lessonEnded(run: run, state: status.taskState))
        hand(.ended(run: run, status))
    }

    /// Tells the event log what the scene showed outside the transcript (the marks that steer
    /// its Log pane, the lines that pane read, its closing).
    nonisolated func record(_ event: SimulationEvent.Kind) {
        eventLog?.append(event)
    }

    private nonisolated func hand(_ event: Event) {
        handedOver.withLock { $0 += 1 }
        input.yield(event)
    }

    /// The current transcript, and whether every event handed over has been applied.
    public func snapshot() -> (transcript: LessonTranscript?, caughtUp: Bool) {
        (transcript, handedOver.withLock { $0 } == applied)
    }

    private func apply(_ event: Event) {
        applied += 1
        switch event {
        case .began(let run, let lesson, let startedAt):
            transcript = LessonTranscript(run: run, lesson: lesson, startedAt: startedAt)
        case .line(let run, let line):
            // Lines of an earlier run (its tasks may outlive a cancel by a moment) are dropped.
            guard transcript?.run == run else { return }
            transcript?.say(line, limit: historyLimit)
        case .mark(let run, let mark):
            guard transcript?.run == run else { return }
            transcript?.mark(mark, limit: historyLimit)
        case .followed(let run, let log):
            guard transcript?.run == run else { return }
            transcript?.followedLog = log
        case .ended(let run, let status):
            guard transcript?.run == run else { return }
            transcript?.status = status
        }
    }
}
