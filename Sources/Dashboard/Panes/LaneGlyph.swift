import AsyncDemoCore
import TerminalKit

/// How one cell of a Timeline lane looks: an activity as `ActivityLook` draws it (as the task
/// detail's bar does), or a glyph for each ending; distinct without colour (NO_COLOR reads the
/// glyphs alone). A cell shared by several activities shows the longest one, underlined.
enum LaneGlyph {
    static func glyph(_ ending: LaneEnding) -> Character {
        switch ending {
        case .completed: "✓"
        case .failed: "✗"
        case .cancelled: "⊘"
        }
    }

    static func style(_ ending: LaneEnding, theme: Theme) -> Style {
        switch ending {
        case .completed: theme.ok.adding(.bold)
        case .failed: theme.error
        case .cancelled: theme.busy.adding(.bold)
        }
    }

    /// What a cell shows: its ending when the task ended within it, else its longest activity.
    static func cell(_ cell: TaskLane.Cell, theme: Theme) -> Cell? {
        if let ending = cell.ending { return Cell(glyph(ending), style: style(ending, theme: theme)) }
        guard let activity = cell.activity else { return nil }
        let style = ActivityLook.style(activity, theme: theme)
        return Cell(ActivityLook.glyph(activity), style: cell.isMixed ? style.adding(.underline) : style)
    }

    /// The legend's entries, in the order the pane's one-line legend and the help list them:
    /// the glyph, a short word for the pane, the full name for the help.
    struct Entry {
        let glyph: Character
        let short: String
        let name: String
        let style: Style
    }

    /// The legend in the help: three rows no wider than the widest keys, so that the help
    /// still fits two columns at 120x36.
    static var helpLegend: [(glyphs: String, meaning: String)] {
        func glyphs(_ activities: [LaneActivity]) -> String { activities.map { String(ActivityLook.glyph($0)) }.joined(separator: " ") }
        let endings = [LaneEnding.completed, .failed, .cancelled].map { String(glyph($0)) }.joined(separator: " ")
        return [
            (glyphs([.running, .sleeping, .io, .created]), "lane: running, sleeping, file I/O, created"),
            (glyphs([.waitingForPermit, .blockedOnFullQueue, .waitingOnEmptyQueue, .waitingOnLock, .waitingOnEvent]),
             "waits: permit, room, item, lock, event"),
            (glyphs([.waitingOnTimer]) + " " + endings, "timer wait; completed, failed, cancelled"),
        ]
    }

    static func legend(theme: Theme) -> [Entry] {
        let short: [LaneActivity: String] = [
            .created: "new", .running: "run", .sleeping: "sleep", .io: "i/o", .waitingForPermit: "permit",
            .blockedOnFullQueue: "full", .waitingOnEmptyQueue: "empty", .waitingOnLock: "lock", .waitingOnEvent: "event",
            .waitingOnTimer: "timer",
        ]
        let order: [LaneActivity] = [
            .running, .sleeping, .io, .waitingForPermit, .blockedOnFullQueue, .waitingOnEmptyQueue, .waitingOnLock,
            .waitingOnEvent, .waitingOnTimer, .created,
        ]
        let activities = order.map { Entry(glyph: ActivityLook.glyph($0), short: short[$0] ?? "", name: $0.description,
                                           style: ActivityLook.style($0, theme: theme)) }
        let endings: [(LaneEnding, String)] = [(.completed, "done"), (.failed, "failed"), (.cancelled, "cancelled")]
        return activities + endings.map { Entry(glyph: glyph($0), short: $1, name: "\($0.description) (the instant)", style: style($0, theme: theme)) }
    }
}
