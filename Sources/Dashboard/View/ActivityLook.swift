import AsyncDemoCore
import TerminalKit

/// How an activity of a task's past is drawn, the same in a Timeline lane and in the task
/// detail's stacked bar: a glyph of its own, so either reads without colour (NO_COLOR), and with
/// colours a colour for each kind of wait.
enum ActivityLook {
    static func glyph(_ activity: LaneActivity) -> Character {
        switch activity {
        case .created: "○"
        case .running: "█"
        case .sleeping: "─"
        case .io: "≈"
        case .waitingForPermit: "░"
        case .blockedOnFullQueue: "▒"
        case .waitingOnEmptyQueue: "┄"
        case .waitingOnLock: "≡"
        case .waitingOnEvent: "~"
        case .waitingOnTimer: ":"
        }
    }

    static func style(_ activity: LaneActivity, theme: Theme) -> Style {
        guard theme.usesColor else { return activity == .created ? theme.dim : theme.text }
        let color: TerminalColor = switch activity {
        case .created, .sleeping: .gray
        case .running: .green
        case .io: .blue
        case .waitingForPermit: .yellow
        case .blockedOnFullQueue: .red
        case .waitingOnEmptyQueue: .magenta
        case .waitingOnLock, .waitingOnEvent, .waitingOnTimer: .cyan
        }
        return Style(foreground: color)
    }
}
