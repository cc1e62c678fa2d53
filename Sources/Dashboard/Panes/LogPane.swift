import Simulation
import TerminalKit

/// The Log pane: a status row (file state, line rate, filter, where the lines shown are) over
/// the newest lines that fit, or older ones while scrolled back; `▲` / `▼` at the right edge say
/// more lines are above / below. Matches of the filter are highlighted; an activity-log line's
/// `error` or `warning` stands out, by colour and by attribute (so also without colour).
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

    /// A piece of a line in one style.
    typealias Piece = (text: Substring, style: Style)

    /// `log` seen through `view`: also how a scene shows the file its example follows.
    static func render(_ log: LogSnapshot, view: LogView, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        let rows = area.split(.vertical, [.length(1), .fill(1)])
        let lineArea = rows[1]
        let lines = view.window(of: log.lines, rows: lineArea.height)
        let passing = view.passingCount(of: log.lines)
        let position = view.position(shown: lines.count, passing: passing)
        // Said only when some lines are out of sight: a log that fits has nowhere to scroll.
        let where_ = position.flatMap { $0.count < passing ? "\($0.lowerBound)-\($0.upperBound) of \(passing)" : nil }
        renderStatus(log, view: view, position: where_, theme: theme, in: rows[0], buffer: &buffer)
        guard !lineArea.isEmpty else { return }
        if let filter = view.filter, passing == 0 {
            let message = "no line matches “\(filter)” · Esc clears"
            buffer.write(message, x: lineArea.x + max(0, (lineArea.width - CharacterWidth.of(message)) / 2),
                         y: lineArea.y + lineArea.height / 2, style: theme.warning, clip: lineArea)
            return
        }
        var shown = lines.map { [pieces(of: $0, filter: view.filter, theme: theme)] }
        if view.wrapsLines { shown = shown.map { wrapped($0[0], width: lineArea.width) } }
        let rowsShown = shown.joined().suffix(lineArea.height)
        let firstLineCut = shown.joined().count > lineArea.height
        for (offset, row) in rowsShown.enumerated() {
            var column = lineArea.x
            for piece in row {
                column = buffer.write(piece.text, x: column, y: lineArea.y + offset, style: piece.style, clip: lineArea)
            }
        }
        let markX = lineArea.maxX - 1
        if let position, position.lowerBound > 1 || firstLineCut {
            buffer.write("▲", x: markX, y: lineArea.y, style: theme.title, clip: lineArea)
        }
        if let position, position.upperBound < passing {
            buffer.write("▼", x: markX, y: lineArea.y + rowsShown.count - 1, style: theme.title, clip: lineArea)
        }
    }

    /// While a filter is typed the whole row is its prompt, with the keys that end it.
    static func renderStatus(_ log: LogSnapshot, view: LogView, position: String?, theme: Theme, in area: Rect,
                             buffer: inout ScreenBuffer) {
        if let draft = view.draft {
            let x = buffer.write("filter: \(draft)▏", x: area.x, y: area.y, style: theme.text, clip: area)
            buffer.write("  Enter applies · Esc cancels", x: x, y: area.y, style: theme.dim, clip: area)
            return
        }
        let (text, style): (String, Style) = switch log.status {
        case .starting: ("opening", theme.dim)
        case .following: ("following", theme.ok)
        case .waiting(let reason): (reason, theme.warning)
        case .restarted(let what, let time): ("\(what) at \(time)", theme.busy)
        case .problem(let message): (message, theme.error)
        case .stopped(let reason): (reason, theme.dim)
        }
        let x = buffer.write(text, x: area.x, y: area.y, style: style, clip: area)
        // In the order shown, each with its rank: what does not fit goes, least needed first.
        var details: [(text: String, rank: Int)] = [("\(log.linesPerSecond) lines/s", 5)]
        if let filter = view.filter { details += [("filter “\(filter)”", 1), ("Esc clears", 4)] }
        if let position { details.append((position, 0)) }
        if !view.isFollowing { details.append(("End follows", 2)) }
        if view.wrapsLines { details.append(("wrapped", 3)) }
        func width(_ kept: [(text: String, rank: Int)]) -> Int { kept.reduce(0) { $0 + 3 + CharacterWidth.of($1.text) } }
        while details.count > 1, x - area.x + width(details) > area.width,
              let least = details.indices.max(by: { details[$0].rank < details[$1].rank }) {
            details.remove(at: least)
        }
        buffer.write(details.map { " · " + $0.text }.joined(), x: x, y: area.y, style: theme.dim, clip: area)
    }

    /// The line in its styles: each match of `filter` highlighted, the rest of an error or
    /// warning line in its level's colour, the level word itself in the level's full style.
    static func pieces(of line: String, filter: String?, theme: Theme) -> [Piece] {
        let whole = Substring(line)
        var base: [Piece] = [(whole, theme.text)]
        if let (level, style) = levelWord(of: line, theme: theme) {
            let message = Style(foreground: style.foreground)
            base = [(whole[..<level.lowerBound], message), (whole[level], style), (whole[level.upperBound...], message)]
        }
        guard let filter, !filter.isEmpty else { return base }
        return base.flatMap { piece -> [Piece] in
            var parts: [Piece] = []
            var rest = piece.text
            while !rest.isEmpty, let match = LogView.firstMatch(of: filter, in: rest), !match.isEmpty {
                parts.append((rest[..<match.lowerBound], piece.style))
                parts.append((rest[match], theme.highlight))
                rest = rest[match.upperBound...]
            }
            parts.append((rest, piece.style))
            return parts
        }
    }

    /// The level of an activity-log line (`00:01:02.345 warning …`) when it calls for attention.
    static func levelWord(of line: String, theme: Theme) -> (Range<String.Index>, Style)? {
        let bytes = line.utf8
        guard bytes.count > 14 else { return nil }
        let stamp = Array(bytes.prefix(13))
        guard stamp[2] == UInt8(ascii: ":"), stamp[5] == UInt8(ascii: ":"), stamp[8] == UInt8(ascii: "."),
              stamp[12] == UInt8(ascii: " ") else { return nil }
        let start = bytes.index(bytes.startIndex, offsetBy: 13)
        let rest = line[start...]
        let word = rest.prefix { $0 != " " }
        let style: Style? = switch word {
        case "error", "critical": theme.error
        case "warning": theme.warning
        default: nil
        }
        return style.map { (word.startIndex..<word.endIndex, $0) }
    }

    /// The pieces cut into rows of `width` cells, between characters (a wide one never split).
    static func wrapped(_ pieces: [Piece], width: Int) -> [[Piece]] {
        guard width > 0 else { return [pieces] }
        var rows: [[Piece]] = [[]]
        var used = 0
        for piece in pieces {
            var start = piece.text.startIndex
            var index = start
            while index != piece.text.endIndex {
                let characterWidth = CharacterWidth.of(piece.text[index]) ?? 1
                if used + characterWidth > width, used > 0 {
                    rows[rows.count - 1].append((piece.text[start..<index], piece.style))
                    rows.append([])
                    used = 0
                    start = index
                }
                used += characterWidth
                index = piece.text.index(after: index)
            }
            rows[rows.count - 1].append((piece.text[start...], piece.style))
        }
        return rows
    }
}
