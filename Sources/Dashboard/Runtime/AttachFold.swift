import AsyncDemoCore
import Simulation

/// What an attached program's stream has said so far, folded event by event as it arrives:
/// the panes (a `FrameFold` fed incrementally, gaps from dropped events stepped over) and the
/// named semaphores and queues. A value the feed keeps behind a lock.
///
/// After lost events the probe tells the present again (`presentRetold`): the semaphores and
/// queues are rebuilt from it alone, aside, and shown once it is whole (a frame taken between
/// two slices of a long present would show none); the tasks, as `FrameFold` takes it.
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

    /// The resources being rebuilt from a present told again, and how many of its events are to come.
    private var retold: (resources: ResourcesFold, remaining: Int)?

    mutating func apply(_ event: SimulationEvent) {
        frames.apply(acrossGap: event)
        if case .presentRetold(let count) = event.kind {
            retold = (ResourcesFold(), count)
        } else if var rebuilding = retold {
            rebuilding.resources.apply(event)
            rebuilding.remaining -= 1
            retold = rebuilding
        } else {
            resources.apply(event)
        }
        if let rebuilt = retold, rebuilt.remaining <= 0 {
            resources = rebuilt.resources
            retold = nil
        }
    }

    /// The stream ended at `now` (the stream's clock), for `reason`.
    mutating func end(_ reason: String, at now: SimulationInstant) {
        guard endedAt == nil else { return }
        attachment.ended = reason
        endedAt = max(now, frames.instant)
    }

    /// The panes and the resources at `now` on the stream's clock (never before the last event,
    /// and no later than the stream's end); while `catchingUp` with events read but not yet
    /// folded, at the last event, and how far that is behind `now` is said.
    func frame(at now: SimulationInstant, droppedEvents: UInt64, catchingUp: Bool = false) -> (SimulationFrame, Attachment) {
        var instant = catchingUp && endedAt == nil ? frames.instant : max(now, frames.instant)
        if let endedAt { instant = min(instant, endedAt) }
        var attachment = attachment
        attachment.behind = catchingUp ? max(.zero, instant.duration(to: now)) : nil
        attachment.resources = resources.snapshot(at: instant)
        return (frames.frame(at: instant, droppedEvents: droppedEvents), attachment)
    }
}
