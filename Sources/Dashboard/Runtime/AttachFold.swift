import AsyncDemoCore
import Simulation

/// What an attached program's stream has said so far, folded event by event as it arrives:
/// the panes, the named semaphores and queues among them (a `FrameFold` fed incrementally,
/// gaps from dropped events stepped over, a present told again after them taken as it takes
/// one), and how the stream ended. A value the feed keeps behind a lock.
struct AttachFold: Sendable {
    private var frames = FrameFold(settings: AttachFold.settings, activityLogPath: AttachFold.programLog)
    /// The Log pane's title for a watched program's log lines.
    static let programLog = "the program's log"
    private(set) var attachment: Attachment
    /// When the stream ended, on the stream's clock: the panes stay at that instant.
    private(set) var endedAt: SimulationInstant?

    /// A stream starts from nothing: every semaphore and queue is declared by its own first event.
    static let settings: ScenarioSettings = {
        var settings = ScenarioSettings()
        settings.permits = 0
        settings.capacity = 0
        return settings
    }()

    init(program: String, pid: Int32) {
        attachment = Attachment(program: program, pid: pid)
    }

    mutating func apply(_ event: SimulationEvent) {
        frames.apply(acrossGap: event)
    }

    /// The stream ended at `now` (the stream's clock), for `reason`.
    mutating func end(_ reason: String, at now: SimulationInstant) {
        guard endedAt == nil else { return }
        attachment.ended = reason
        endedAt = max(now, frames.instant)
    }

    /// The panes at `now` on the stream's clock (never before the last event,
    /// and no later than the stream's end); while `catchingUp` with events read but not yet
    /// folded, at the last event, and how far that is behind `now` is said.
    func frame(at now: SimulationInstant, droppedEvents: UInt64, catchingUp: Bool = false) -> (SimulationFrame, Attachment) {
        var instant = catchingUp && endedAt == nil ? frames.instant : max(now, frames.instant)
        if let endedAt { instant = min(instant, endedAt) }
        var attachment = attachment
        attachment.behind = catchingUp ? max(.zero, instant.duration(to: now)) : nil
        return (frames.frame(at: instant, droppedEvents: droppedEvents), attachment)
    }
}
