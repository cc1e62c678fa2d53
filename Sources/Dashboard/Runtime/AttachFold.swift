import AsyncDemoCore
import Simulation

/// What an attached program's stream has said so far, folded event by event as it arrives:
/// the panes (a `FrameFold` fed incrementally, gaps from dropped events stepped over) and the
/// named semaphores and queues. A value the feed keeps behind a lock.
///
/// After lost events the probe tells the present again (`presentRetold`): the semaphores and
/// queues are rebuilt from it alone, tasks it tells again go on as they were (a state it tells
/// is a change at that instant), and live tasks it does not tell ended unseen.
struct AttachFold: Sendable {
    private var frames = FrameFold(settings: AttachFold.settings, activityLogPath: "the program's log")
    private var resources = ResourcesFold()
    private(set) var attachment: Attachment
    /// When the stream ended, on the stream's clock: the panes stay at that instant.
    private(set) var endedAt: SimulationInstant?
    /// While the present is told again: how many of its events are to come, and the tasks told live.
    private var retelling: (remaining: Int, live: Set<TaskID>)?

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
        if case .presentRetold(let count) = event.kind {
            resources = ResourcesFold()
            retelling = (count, [])
            frames.apply(acrossGap: event)
            if count <= 0 { endRetelling() }
            return
        }
        resources.apply(event)
        guard var retold = retelling else { return frames.apply(acrossGap: event) }
        switch event.kind {
        case .taskSpawned(let task, _, _, _):
            retold.live.insert(task)
            frames.apply(acrossGap: event)
        case .taskStateChanged(let task, let state):
            // The state it was in all along is no change: its time in it goes on.
            if frames.taskState(of: task) != state { frames.apply(acrossGap: event) }
        case .taskRenamed:
            frames.apply(acrossGap: event)
        default:
            // A semaphore's or a queue's present: only the Resources hold it; the history
            // would count its grants twice.
            break
        }
        retold.remaining -= 1
        retelling = retold
        if retold.remaining == 0 { endRetelling() }
    }

    private mutating func endRetelling() {
        frames.forgetLiveTasks(except: retelling?.live ?? [])
        retelling = nil
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
