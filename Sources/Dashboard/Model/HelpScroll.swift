import TerminalKit

/// How a key moves the help while it is open and taller than the screen.
public enum HelpScroll: Hashable, Sendable {
    case lineUp, lineDown, pageUp, pageDown, top, bottom
}

extension DashboardModel {
    /// The help's rows as this screen lays them out, over the body between header and footer.
    var helpLayout: HelpOverlay.Layout { HelpOverlay.layout(in: Rect(size: size).split(.vertical, [.length(1), .fill(1), .length(1)])[1],
                                                         attachedTo: attachment?.program) }

    /// Moves the help's first shown row, kept between the top and the last full page.
    mutating func scrollHelp(_ move: HelpScroll) {
        let layout = helpLayout
        let page = max(1, layout.visibleRows - 1)
        let current = HelpOverlay.firstRow(helpFirstRow, in: layout)
        let wanted = switch move {
        case .lineUp: current - 1
        case .lineDown: current + 1
        case .pageUp: current - page
        case .pageDown: current + page
        case .top: 0
        case .bottom: layout.lastFirstRow
        }
        helpFirstRow = HelpOverlay.firstRow(wanted, in: layout)
    }
}
