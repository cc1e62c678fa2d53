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
        let horizontal = String(repeating: "─", count: area.width - 2)
        buffer.write("┌" + horizontal + "┐", x: area.x, y: area.y, style: frameStyle, clip: area)
        buffer.write("└" + horizontal + "┘", x: area.x, y: area.maxY - 1, style: frameStyle, clip: area)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.write("│", x: area.x, y: y, style: frameStyle, clip: area)
            buffer.write("│", x: area.maxX - 1, y: y, style: frameStyle, clip: area)
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
