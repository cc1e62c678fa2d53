import AsyncDemoCore
import Locking
import Simulation
import Synchronization
import TerminalKit

/// An attached program's stream, as the dashboard needs it: the program's name and pid, its
/// events (in batches, as a connection reads them, or one by one), how many were lost on the
/// way, and how to ask it to cancel a task. Made by the command line from a `ProbeConnection`,
/// so the dashboard itself knows nothing of sockets.
public struct AttachSource: Sendable {
    public let program: String
    public let pid: Int32
    enum Events: Sendable {
        case single(AsyncThrowingStream<SimulationEvent, any Error>)
        case batches(any AsyncSequence<[SimulationEvent], any Error> & Sendable)
    }

    let events: Events
    public let droppedEvents: @Sendable () -> UInt64
    /// Events the connection has read so far, when it can tell: more than the feed has folded
    /// means the feed is behind, and frames are drawn at its newest event, not the wall clock.
    let eventsReceived: (@Sendable () -> Int)?
    /// Asks the program to cancel a tracked task; false when the request could not be sent.
    public let cancel: @Sendable (TaskID) -> Bool
    /// Ends the connection; `events` then finishes.
    public let close: @Sendable () -> Void

    public init(program: String, pid: Int32, eventBatches: some AsyncSequence<[SimulationEvent], any Error> & Sendable,
                droppedEvents: @escaping @Sendable () -> UInt64, eventsReceived: (@Sendable () -> Int)? = nil,
                cancel: @escaping @Sendable (TaskID) -> Bool, close: @escaping @Sendable () -> Void) {
        self.init(program: program, pid: pid, events: .batches(eventBatches), droppedEvents: droppedEvents,
                  eventsReceived: eventsReceived, cancel: cancel, close: close)
    }

    public init(program: String, pid: Int32, events: AsyncThrowingStream<SimulationEvent, any Error>,
                droppedEvents: @escaping @Sendable () -> UInt64, cancel: @escaping @Sendable (TaskID) -> Bool,
                close: @escaping @Sendable () -> Void) {
        self.init(program: program, pid: pid, events: .single(events), droppedEvents: droppedEvents, eventsReceived: nil,
                  cancel: cancel, close: close)
    }

    private init(program: String, pid: Int32, events: Events, droppedEvents: @escaping @Sendable () -> UInt64,
                 eventsReceived: (@Sendable () -> Int)?, cancel: @escaping @Sendable (TaskID) -> Bool,
                 close: @escaping @Sendable () -> Void) {
        self.program = program
        self.pid = pid
        self.events = events
        self.droppedEvents = droppedEvents
        self.eventsReceived = eventsReceived
        self.cancel = cancel
        self.close = close
    }
}

/// Folds an attached program's events as they arrive (`run`, on a task of its owner's) and
/// gives the panes at any instant (`frame(at:)`, on the main actor). The fold sits behind a
/// lock held only to apply a few events or to copy the fold out; `changed` is told at most once
/// until the next `frame(at:)`, so a busy program wakes the render loop once a frame, not once
/// an event.
public final class AttachFeed: Sendable {
    public let source: AttachSource
    private let fold: LockedState<AttachFold>
    private let changeSaid = Atomic<Bool>(false)
    private let folded = Atomic<Int>(0)
    /// Where the stream's clock starts: its events' instants count from the attach.
    private let attachedAt: ContinuousClock.Instant
    /// Told each event as it is read (`attach --record`); must return at once.
    private let tap: (@Sendable (SimulationEvent) -> Void)?
    /// The panes the model shows now, and the ones it showed before them, for the reading task
    /// to drop. The model's panes share storage with the fold; by the next frame the fold has
    /// replaced the parts its events changed (at 100,000 events a second, a third of the 1,000
    /// finished tasks and lanes it keeps), so whoever lets go of the old panes last frees those
    /// parts. That was the model, in the frame: 40 % of the frame's CPU at 200x60 (perf), a
    /// frame's freeing of what the fold let go. Kept here until the model has moved on, they are
    /// freed by the task that folds, outside the lock (`apply`).
    private let shownPanes = LockedState<ShownPanes>(ShownPanes())

    public init(_ source: AttachSource, attachedAt: ContinuousClock.Instant = .now,
                tap: (@Sendable (SimulationEvent) -> Void)? = nil) {
        self.source = source
        self.attachedAt = attachedAt
        self.tap = tap
        fold = LockedState(AttachFold(program: source.program, pid: source.pid))
    }

    /// Reads the stream to its end, then records why it ended. `changed` is called outside the lock.
    public func run(changed: @escaping @Sendable () -> Void) async {
        var reason = "the program exited"
        do {
            switch source.events {
            case .single(let events):
                for try await event in events { apply(CollectionOfOne(event), changed: changed) }
            case .batches(let batches):
                for try await batch in batches { apply(batch, changed: changed) }
            }
        } catch {
            reason = "\(error)"
        }
        let now = instant(at: .now)
        fold.withLock { $0.end(reason, at: now) }
        changeSaid.store(true, ordering: .releasing)
        changed()
    }

    /// A frame waits for the lock at most one slice of a batch: a read brings hundreds.
    static let eventsPerLock = 64

    private func apply(_ events: some RandomAccessCollection<SimulationEvent>, changed: @Sendable () -> Void) {
        var start = events.startIndex
        while start != events.endIndex {
            let end = events.index(start, offsetBy: Self.eventsPerLock, limitedBy: events.endIndex) ?? events.endIndex
            fold.withLock { fold in
                for event in events[start..<end] { fold.apply(event) }
            }
            start = end
        }
        if let tap { for event in events { tap(event) } }
        folded.add(events.count, ordering: .relaxed)
        if !changeSaid.exchange(true, ordering: .acquiringAndReleasing) { changed() }
        // Freed here, on this task: the model let go of them when it took newer ones.
        _ = shownPanes.withLock { $0.takeRetired() }
    }

    struct ShownPanes: Sendable {
        var current: (SimulationFrame, Attachment)?
        var retired: (SimulationFrame, Attachment)?

        mutating func takeRetired() -> (SimulationFrame, Attachment)? {
            defer { retired = nil }
            return retired
        }
    }

    /// The model shows `panes` now (it has let go of the ones it showed before): keeps them,
    /// and hands the ones before to the reading task to free.
    func shown(_ panes: (SimulationFrame, Attachment)) {
        // Only when no batch came since the last frame is one still retired; freeing it here,
        // outside the lock, costs little then: the fold has hardly moved from it.
        _ = shownPanes.withLock { shown in
            defer { (shown.retired, shown.current) = (shown.current, panes) }
            return shown.retired
        }
    }

    /// The stream's clock at `time`.
    func instant(at time: ContinuousClock.Instant) -> SimulationInstant {
        SimulationInstant(sinceStart: max(.zero, time - attachedAt))
    }

    /// The panes and the attachment at `time`, or at the newest event folded while the feed is
    /// behind the connection: a later instant would age every wait by the events not yet folded.
    public func frame(at time: ContinuousClock.Instant) -> (SimulationFrame, Attachment) {
        changeSaid.store(false, ordering: .releasing)
        let foldedSoFar = folded.load(ordering: .relaxed)
        let copy = fold.withLock { $0 }
        let isBehind = source.eventsReceived.map { $0() > foldedSoFar } ?? false
        return copy.frame(at: instant(at: time), droppedEvents: source.droppedEvents(), catchingUp: isBehind)
    }

    public func cancel(_ task: TaskID) -> Bool { source.cancel(task) }

    /// Events folded so far (for the bench: what arrived, beside what the program sent).
    public var eventsFolded: Int { folded.load(ordering: .relaxed) }
}

extension DashboardModel {
    /// A model of `feed`'s program, as `attach` starts one (for the bench and headless renders).
    public static func attached(to feed: AttachFeed, size: Size) -> DashboardModel {
        var model = DashboardModel(size: size)
        model.startAttached(to: feed.source)
        return model
    }

    /// The feed's panes at `time` through the model's door, as the render loop takes them each frame.
    public mutating func show(_ feed: AttachFeed, at time: ContinuousClock.Instant) {
        let (frame, attachment) = feed.frame(at: time)
        _ = update(.attachment(attachment))
        _ = update(.frame(frame))
        // After the model let go of the panes before: the feed keeps those until its task frees them.
        feed.shown((frame, attachment))
    }
}
