import Synchronization

/// A scene's narrated transcript as the feed last published it.
public struct LessonTranscript: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case running, completed, cancelled
        case failed(String)
    }

    /// The scene run these lines belong to (`LessonPick.run`).
    public var run: Int
    /// Newest last; at most the feed's history limit.
    public var lines: [String] = []
    public var status: Status = .running

    public init(run: Int, lines: [String] = [], status: Status = .running) {
        self.run = run
        self.lines = lines
        self.status = status
    }
}

/// Collects the narration of the running lesson and publishes it as newest-only snapshots. The
/// lesson's tasks hand lines over through a stream, in the order they said them, without
/// waiting for the actor; the model only ever sees whole snapshots, never a shared buffer.
public actor LessonFeed {
    enum Event: Sendable {
        case began(run: Int)
        case line(run: Int, String)
        case ended(run: Int, LessonTranscript.Status)
    }

    public nonisolated let snapshots: AsyncStream<LessonTranscript>
    private let publisher: AsyncStream<LessonTranscript>.Continuation
    private let events: AsyncStream<Event>
    private let input: AsyncStream<Event>.Continuation
    /// Events handed over so far; with `applied`, tells a stepped run when the feed is caught up.
    private let handedOver = Mutex(0)
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

    nonisolated func began(run: Int) { hand(.began(run: run)) }

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
        case .began(let run):
            transcript = LessonTranscript(run: run)
        case .line(let run, let line):
            // Lines of an earlier run (its tasks may outlive a cancel by a moment) are dropped.
            guard transcript?.run == run else { return }
            transcript?.lines.append(line)
            if let count = transcript?.lines.count, count > historyLimit {
                transcript?.lines.removeFirst(count - historyLimit)
            }
        case .ended(let run, let status):
            guard transcript?.run == run else { return }
            transcript?.status = status
        }
    }
}
