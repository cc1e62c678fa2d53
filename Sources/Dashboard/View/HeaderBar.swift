import Simulation
import TerminalKit

/// The top line: the app's name, uptime, task totals, simulation speed, frames per second, and
/// PAUSED at the right when paused. When the line is too narrow it gives up the least important
/// first: the version, the name, the frame rate, then the totals' words; PAUSED, the speed and
/// the dropped-events count stay.
enum HeaderBar {
    static let pausedLabel = " PAUSED "

    /// " ◀ PAST -3.4s " while rewound (how far behind the present the panes are), else PAUSED.
    /// In a replay it starts with REPLAY, the one mark a replayed screen has that the live run's
    /// had not.
    static func stateLabel(_ model: DashboardModel) -> String? {
        let state: String? = if let past = model.past { " ◀ PAST -\(Format.seconds(past.behind)) " }
            else if model.isPaused { pausedLabel } else { nil }
        if let attachment = model.attachment { return attachment.ended == nil ? " ATTACHED " : " EXITED " }
        guard model.isReplay else { return state }
        return " REPLAY" + (state ?? " ")
    }

    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area, with: Cell(" ", style: theme.header))
        let label = stateLabel(model)
        let labelWidth = label.map { CharacterWidth.of($0) } ?? 0
        let room = Rect(x: area.x + 1, y: area.y, width: max(0, area.width - 1 - labelWidth), height: area.height)
        line(model, theme: theme).render(x: room.x, y: room.y, clip: room, buffer: &buffer)
        if let label {
            buffer.write(label, x: max(area.x, area.maxX - labelWidth), y: area.y, style: theme.headerAlert, clip: area)
        }
    }

    static func line(_ model: DashboardModel, theme: Theme) -> PrioritizedLine {
        typealias Wording = PrioritizedLine.Wording
        var segments = [
            PrioritizedLine.Segment([Wording(text: "\(AppInfo.name) \(AppInfo.version)", priority: 0),
                                     Wording(text: AppInfo.name, priority: 1)], style: theme.header),
            PrioritizedLine.Segment("up \(formatUptime(model.uptime))", priority: 5, style: theme.header),
        ]
        if let counters = model.tasks?.counters {
            segments.append(PrioritizedLine.Segment([
                Wording(text: "spawned \(counters.spawned) run \(counters.running) wait \(counters.waiting) "
                            + "done \(counters.completed) cancel \(counters.cancelled) fail \(counters.failed)", priority: 3),
                Wording(text: "run \(counters.running) wait \(counters.waiting) done \(counters.completed) "
                            + "cancel \(counters.cancelled) fail \(counters.failed)", priority: 4),
                Wording(text: "run \(counters.running) wait \(counters.waiting)", priority: 6),
            ], style: theme.header))
        }
        if let attachment = model.attachment {
            segments.append(PrioritizedLine.Segment(attachment.state, priority: 8,
                                                    style: attachment.ended == nil ? theme.header : theme.headerAlert))
            if let catchingUp = attachment.catchingUp {
                segments.append(PrioritizedLine.Segment([Wording(text: catchingUp.full, priority: 7),
                                                         Wording(text: catchingUp.short, priority: 7)], style: theme.headerAlert))
            }
        } else {
            segments.append(PrioritizedLine.Segment("speed \(Format.speed(model.speed))", priority: 8, style: theme.header))
        }
        if let program = model.replayedProgram {
            segments.append(PrioritizedLine.Segment([Wording(text: "recorded attached to \(program)", priority: 7),
                                                     Wording(text: program, priority: 7)], style: theme.header))
        }
        segments.append(PrioritizedLine.Segment("\(model.framesPerSecond) fps", priority: 2, style: theme.header))
        // Never silently lost: the event log's drops are counted and said, as tokio-console does.
        if model.droppedEvents > 0 {
            segments.append(PrioritizedLine.Segment([Wording(text: "\(model.droppedEvents) events dropped", priority: 7),
                                                     Wording(text: "\(model.droppedEvents) dropped", priority: 7)],
                                                    style: theme.header))
        }
        if let recordingProblem = model.recordingProblem {
            segments.append(PrioritizedLine.Segment([Wording(text: recordingProblem, priority: 9),
                                                     Wording(text: "recording stopped", priority: 9)],
                                                    style: theme.headerAlert))
        }
        return PrioritizedLine(segments: segments, separator: " │ ", separatorStyle: theme.header)
    }

    static func formatUptime(_ duration: Duration) -> String {
        let total = max(0, Int(duration.components.seconds))
        let hours = total / 3600, minutes = total / 60 % 60, seconds = total % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(hours):\(two(minutes)):\(two(seconds))"
    }
}
