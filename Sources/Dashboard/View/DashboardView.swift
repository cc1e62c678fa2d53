import TerminalKit

/// Draws the whole screen from the model: header, the four panes, the footer legend and any
/// overlay. Pure: the same model, size and theme always give the same cells.
public enum DashboardView {
    public static let paneTitles = ["Log", "Workers", "Queue", "Tasks"]

    public static func render(_ model: DashboardModel, theme: Theme) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: model.size)
        let size = model.size
        guard size.width >= AppInfo.minimumSize.width, size.height >= AppInfo.minimumSize.height else {
            renderTooSmall(size: size, theme: theme, into: &buffer)
            return buffer
        }
        let rows = buffer.bounds.split(.vertical, [.length(1), .fill(1), .length(1)])
        HeaderBar.render(model, theme: theme, in: rows[0], buffer: &buffer)
        for (index, area) in paneAreas(in: rows[1]).enumerated() {
            let title = index == 0 ? LogPane.title(for: model) : paneTitles[index]
            let inner = Box(title: title, frameStyle: theme.frame, titleStyle: theme.title).render(in: area, buffer: &buffer)
            if index == 0 {
                let padded = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
                LogPane.render(model, theme: theme, in: padded, buffer: &buffer)
            } else {
                PlaceholderPane.render(in: inner, theme: theme, buffer: &buffer)
            }
        }
        FooterBar.render(theme: theme, in: rows[2], buffer: &buffer)
        if model.overlay == .help {
            HelpOverlay.render(theme: theme, in: rows[1], buffer: &buffer)
        }
        return buffer
    }

    /// Log, Workers, Queue, Tasks: a 2x2 grid when wide enough, else stacked top to bottom.
    public static func paneAreas(in body: Rect) -> [Rect] {
        if body.width >= AppInfo.gridMinimumWidth {
            let halves = body.split(.vertical, [.fill(1), .fill(1)])
            return halves.flatMap { $0.split(.horizontal, [.fill(1), .fill(1)]) }
        }
        return body.split(.vertical, [.fill(1), .fill(1), .fill(1), .fill(1)])
    }

    /// Rows of log lines the Log pane shows at this screen size (its interior less the status row).
    static func logLineRows(for size: Size) -> Int {
        let body = Rect(size: size).split(.vertical, [.length(1), .fill(1), .length(1)])[1]
        return max(0, paneAreas(in: body)[0].height - 3)
    }

    static func renderTooSmall(size: Size, theme: Theme, into buffer: inout ScreenBuffer) {
        let minimum = AppInfo.minimumSize
        let lines = [
            "terminal too small:",
            "need at least \(minimum.width)x\(minimum.height),",
            "have \(size.width)x\(size.height)",
        ]
        let joined = lines.joined(separator: " ")
        // One line when it fits, else one phrase per row; whatever does not fit is clipped.
        let shown = CharacterWidth.of(joined) <= size.width ? [joined] : lines
        let top = max(0, (size.height - shown.count) / 2)
        for (offset, line) in shown.enumerated() {
            let width = CharacterWidth.of(line)
            buffer.write(line, x: max(0, (size.width - width) / 2), y: top + offset, style: theme.warning)
        }
    }
}

enum PlaceholderPane {
    static func render(in area: Rect, theme: Theme, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        let message = "waiting for data"
        let line = area.row(area.height / 2)
        buffer.write(message, x: area.x + max(0, (area.width - message.count) / 2), y: line.y, style: theme.dim, clip: area)
    }
}
