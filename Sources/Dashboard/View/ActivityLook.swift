import AsyncDemoCore
import TerminalKit

/// How an activity of a task's past is drawn: a glyph of its own, so a stacked bar or a lane
/// reads without colour (NO_COLOR), in the style the Tasks pane gives the state it belongs to
/// (running green, waiting yellow, asleep and not yet started dim), so colour says the kind of
/// state and the glyph the exact one.
enum ActivityLook {
    static func glyph(_ activity: LaneActivity) -> Character {
        switch activity {
        case .created: "·"
        case .running: "█"
        case .sleeping: "░"
        case .io: "▒"
        case .waitingForPermit: "▓"
        case .blockedOnFullQueue: "▀"
        case .waitingOnEmptyQueue: "▄"
        case .waitingOnLock: "▌"
        case .waitingOnEvent: "╱"
        case .waitingOnTimer: "╳"
        }
    }

    static func style(_ activity: LaneActivity, theme: Theme) -> Style {
        switch activity {
        case .running: theme.ok
        case .created, .sleeping, .io: theme.dim
        case .waitingForPermit, .blockedOnFullQueue, .waitingOnEmptyQueue, .waitingOnLock, .waitingOnEvent, .waitingOnTimer:
            theme.warning
        }
    }
}
