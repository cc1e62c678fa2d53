import AsyncDemoCore
import DequeModule

/// The activity log's lines as the Log pane shows them, folded from the event log's log lines:
/// what the frame aggregator shows live and what a frame at a past instant shows.
struct ActivityFold: Sendable {
    static let historyLimit = 10_000

    private var activity: LogSnapshot
    /// When the lines of the last simulated second were said, for the pane's line rate.
    private var recentLines = Deque<SimulationInstant>()

    init(path: String) {
        activity = LogSnapshot(path: path)
        activity.status = .following
    }

    mutating func apply(_ event: SimulationEvent) {
        guard case .logLine(let level, let message) = event.kind else { return }
        activity.lines.append(ActivityLine.text(at: event.at, level: level, message: message))
        activity.totalLines += 1
        recentLines.append(event.at)
        // A long fold between two frames (a seek) stays bounded; what a frame keeps is the same.
        forget(before: event.at)
        if activity.lines.count > 2 * Self.historyLimit { trim() }
    }

    private mutating func forget(before now: SimulationInstant) {
        while let oldest = recentLines.first, oldest.duration(to: now) >= .seconds(1) { recentLines.removeFirst() }
    }

    private mutating func trim() {
        let overflow = activity.lines.count - Self.historyLimit
        if overflow > 0 { activity.lines.removeFirst(overflow) }
    }

    /// The pane's lines and line rate at `now`.
    mutating func snapshot(at now: SimulationInstant) -> LogSnapshot {
        forget(before: now)
        activity.linesPerSecond = recentLines.count
        trim()
        return activity
    }
}
