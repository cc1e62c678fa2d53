import Simulation
import TerminalKit

/// The Log pane: a status row (file state, line rate, filter, scroll position) over the newest
/// lines that fit, or older ones while scrolled back. Matches of the filter are highlighted.
enum LogPane {
    static func title(for model: DashboardModel) -> String {
        guard let log = model.log else { return "Log" }
        return "Log — \(log.fileName)"
    }

    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        guard let log = model.log else {
            let hint = "no file followed: start with --follow FILE"
            buffer.write(hint, x: area.x + max(0, (area.width - CharacterWidth.of(hint)) / 2), y: area.y + area.height / 2,
                         style: theme.dim, clip: area)
            return
        }
        render(log, view: model.logView, theme: theme, in: area, buffer: &buffer)
    }

    /// `log` seen through `view`: also how a scene shows the file its example follows.
    static func render(_ log: LogSnapshot, view: LogView, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let rows = area.split(.vertical, [.length(1), .fill(1)])
        renderStatus(log, view: view, theme: theme, in: rows[0], buffer: &buffer)
        let lineArea = rows[1]
        for (row, line) in view.window(of: log.lines, rows: lineArea.height).enumerated() {
            renderLine(line, highlighting: view.filter, theme: theme, x: lineArea.x, y: lineArea.y + row,
                       clip: lineArea, buffer: &buffer)
        }
    }

    static func renderStatus(_ log: LogSnapshot, view: LogView, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let (text, style): (String, Style) = switch log.status {
        case .starting: ("opening", theme.dim)
        case .following: ("following", theme.ok)
        case .waiting(let reason): (reason, theme.warning)
        case .restarted(let what, let time): ("\(what) at \(time)", theme.busy)
        case .problem(let message): (message, theme.error)
        case .stopped(let reason): (reason, theme.dim)
        }
        let x = buffer.write(text, x: area.x, y: area.y, style: style, clip: area)
        var details = ["\(log.linesPerSecond) lines/s"]
        if let filter = view.filter { details.append("filter “\(filter)”") }
        if let draft = view.draft { details.append("filter: \(draft)▏") }
        if !view.isFollowing { details.append("\(view.scrollBack) back, End follows") }
        buffer.write(" · " + details.joined(separator: " · "), x: x, y: area.y, style: theme.dim, clip: area)
    }

    static func renderLine(_ line: String, highlighting filter: String?, theme: Theme, x: Int, y: Int, clip: Rect,
                           buffer: inout ScreenBuffer) {
        guard let filter, !filter.isEmpty else {
            buffer.write(line, x: x, y: y, style: theme.text, clip: clip)
            return
        }
        var column = x
        var rest = Substring(line)
        while let match = rest.firstRange(of: filter) {
            column = buffer.write(rest[..<match.lowerBound], x: column, y: y, style: theme.text, clip: clip)
            column = buffer.write(rest[match], x: column, y: y, style: theme.highlight, clip: clip)
            rest = rest[match.upperBound...]
        }
        buffer.write(rest, x: column, y: y, style: theme.text, clip: clip)
    }
}
