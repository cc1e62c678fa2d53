/// A frame drawn with Unicode box-drawing characters (not curses' ACS, which needs the terminal's
/// alternate character set), a title in its top edge, and a blank interior.
public struct Box: Sendable {
    public var title: String
    public var frameStyle: Style
    public var titleStyle: Style

    public init(title: String, frameStyle: Style, titleStyle: Style) {
        self.title = title
        self.frameStyle = frameStyle
        self.titleStyle = titleStyle
    }

    /// Draws the frame and returns the interior, where the content goes.
    @discardableResult
    public func render(in area: Rect, buffer: inout ScreenBuffer) -> Rect {
        guard area.width >= 2, area.height >= 2 else {
            buffer.fill(area)
            return Rect(x: area.x, y: area.y, width: 0, height: 0)
        }
        buffer.fill(area)
        // Cell by cell: writing the border as strings measured every box-drawing character
        // (not ASCII, so no fast path), a tenth of a frame's CPU with four panes.
        func edge(_ character: Character, _ x: Int, _ y: Int) { buffer.set(Cell(character, style: frameStyle), x: x, y: y) }
        edge("┌", area.x, area.y)
        edge("┐", area.maxX - 1, area.y)
        edge("└", area.x, area.maxY - 1)
        edge("┘", area.maxX - 1, area.maxY - 1)
        for x in (area.x + 1)..<(area.maxX - 1) {
            edge("─", x, area.y)
            edge("─", x, area.maxY - 1)
        }
        for y in (area.y + 1)..<(area.maxY - 1) {
            edge("│", area.x, y)
            edge("│", area.maxX - 1, y)
        }
        if !title.isEmpty, area.width >= 5 {
            let titleArea = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1)
            buffer.write(" " + Text.truncated(title, toWidth: area.width - 4) + " ",
                         x: area.x + 1, y: area.y, style: titleStyle, clip: titleArea)
        }
        return area.inset(by: 1)
    }
}

/// Helpers for one-line text that must fit a width.
public enum Text {
    /// `text` cut to `width` cells, ending in "…" when anything was cut.
    public static func truncated(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        if CharacterWidth.of(text) <= width { return text }
        var result = "", used = 0
        for character in text {
            let w = CharacterWidth.of(character) ?? 1
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `width` cells.
    public static func padded(_ text: String, toWidth width: Int) -> String {
        let cut = truncated(text, toWidth: width)
        return cut + String(repeating: " ", count: max(0, width - CharacterWidth.of(cut)))
    }
}
