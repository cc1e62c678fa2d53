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

    public init(run: Int, startedAt: SimulationInstant, lines: [String] = [], marks: [SceneMark] = [],
                status: Status = .running) {
        self.run = run
        self.startedAt = startedAt
        self.lines = lines
        self.marks = marks
        self.status = status
    }

    /// Lesson time at simulation instant `now`.
    public func elapsed(at now: SimulationInstant) -> Duration {
        max(.zero, startedAt.duration(to: now))
    }
}

/// Collects the narration of the running lesson and publishes it as newest-only snapshots. The
/// lesson's tasks hand lines over through a stream, in the order they said them, without
/// waiting for the actor; the model only ever sees whole snapshots, never a shared buffer.
public actor LessonFeed {
    enum Event: Sendable {
        case began(run: Int, startedAt: SimulationInstant)
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

    public init(historyLimit: Int = 500) {
        self.historyLimit = max(1, historyLimit)
        (snapshots, publisher) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        // Unbounded on purpose: a lesson narrates a few dozen lines, and none may be lost.
        (events, input) = AsyncStream.makeStream()
    }

    /// Applies handed-over events until the calling task is cancelled.
    public func run() async {
        for await event in events {
            apply(event)
            if let transcript { publisher.yield(transcript) }
        }
        publisher.finish()
    }

    /// Where the narrator of run `run` writes; safe to call from any task.
    public nonisolated func sink(for run: Int) -> @Sendable (String) -> Void {
        { [self] line in hand(.line(run: run, line)) }
    }

    /// Where the example of run `run` marks its scene; safe to call from any task.
    nonisolated func markSink(for run: Int) -> @Sendable (SceneMark) -> Void {
        { [self] mark in hand(.mark(run: run, mark)) }
    }

    /// Where the scene's own log feed publishes for run `run`.
    nonisolated func followed(run: Int, _ log: LogSnapshot) { hand(.followed(run: run, log)) }

    nonisolated func began(run: Int, startedAt: SimulationInstant) { hand(.began(run: run, startedAt: startedAt)) }

    nonisolated func ended(run: Int, as status: LessonTranscript.Status) { hand(.ended(run: run, status)) }

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
        case .began(let run, let startedAt):
            transcript = LessonTranscript(run: run, startedAt: startedAt)
        case .line(let run, let line):
            // Lines of an earlier run (its tasks may outlive a cancel by a moment) are dropped.
            guard transcript?.run == run else { return }
            transcript?.lines.append(line)
            if let count = transcript?.lines.count, count > historyLimit {
                transcript?.lines.removeFirst(count - historyLimit)
            }
        case .mark(let run, let mark):
            guard transcript?.run == run else { return }
            transcript?.marks.append(mark)
            // Only a generator marks without end; its oldest values are what the scene shows least.
            if let count = transcript?.marks.count, count > historyLimit,
               let oldest = transcript?.marks.firstIndex(where: { if case .generated = $0.kind { true } else { false } }) {
                transcript?.marks.remove(at: oldest)
            }
        case .followed(let run, let log):
            guard transcript?.run == run else { return }
            transcript?.followedLog = log
        case .ended(let run, let status):
            guard transcript?.run == run else { return }
            transcript?.status = status
        }
    }
}
