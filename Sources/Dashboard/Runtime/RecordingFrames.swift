import AsyncDemoCore
import Simulation

/// A recording's frames: every pane at any of its instants, folded from its events alone (no
/// simulation runs), from the nearest checkpoint. What `snapshot --replay` and `replay` show.
struct RecordingFrames {
    private var replay: EventReplay
    private let events: [SimulationEvent]
    private let firstSequence: UInt64
    /// The recording's last instant that can be shown (before a gap, if it has one).
    let end: SimulationInstant
    /// Why the frames stop before the recording's end (a gap in its events), in one line.
    let stop: String?
    let settings: ScenarioSettings

    init(_ recording: Recording) {
        settings = recording.header.settings ?? {
            // A program other than the simulation says only where its semaphore and queue start.
            var settings = ScenarioSettings()
            settings.permits = recording.header.start.permits
            settings.capacity = recording.header.start.queueCapacity
            return settings
        }()
        let logTitle = recording.header.program == nil ? "activity.log" : AttachFold.programLog
        var replay = EventReplay(start: FrameFold(settings: settings, activityLogPath: logTitle))
        var stop: String?
        do {
            try replay.take(recording.events)
        } catch {
            switch error {
            case .gap(let after, let next):
                stop = "the replay stops at event \(after): events \(after + 1) to \(next - 1) are not in the recording"
            }
        }
        self.replay = replay
        self.stop = stop
        events = recording.events
        firstSequence = recording.events.first?.sequence ?? 1
        end = replay.newest.instant
    }

    /// The panes at `instant`, or at the end when it comes later.
    func frame(at instant: SimulationInstant) -> SimulationFrame {
        let instant = min(instant, end)
        let events = events, firstSequence = firstSequence
        // Folding cannot fail here: `take` applied every event up to `end` once already.
        return (try? replay.frame(at: instant) { after, limit in
            let start = Int(max(after + 1, firstSequence) - firstSequence)
            return start >= events.count ? [] : Array(events[start..<min(events.count, start + limit)])
        }) ?? replay.newest.frame(at: end, droppedEvents: 0)
    }
}
