import AsyncDemoCore
import Simulation

/// What an attached program's stream has said so far, folded event by event as it arrives:
/// the panes (a `FrameFold` fed incrementally, gaps from dropped events stepped over) and the
/// named semaphores and queues. A value the feed keeps behind a lock.
struct AttachFold: Sendable {
    private var frames = FrameFold(settings: AttachFold.settings, activityLogPath: "the program's log")
    private var resources = ResourcesFold()
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
        resources.apply(event)
    }

    /// The stream ended at `now` (the stream's clock), for `reason`.
    mutating func end(_ reason: String, at now: SimulationInstant) {
        guard endedAt == nil else { return }
        attachment.ended = reason
        endedAt = max(now, frames.instant)
    }

    /// The panes and the resources at `now` on the stream's clock (never before the last event,
    /// and no later than the stream's end).
    func frame(at now: SimulationInstant, droppedEvents: UInt64) -> (SimulationFrame, Attachment) {
        var instant = max(now, frames.instant)
        if let endedAt { instant = min(instant, endedAt) }
        var attachment = attachment
        attachment.resources = resources.snapshot(at: instant)
        return (frames.frame(at: instant, droppedEvents: droppedEvents), attachment)
    }
}
