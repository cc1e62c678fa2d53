/// Turns a screen into files a person can look at without a terminal: plain text, ANSI-coloured
/// text and SVG, as Rich and Textual export their own screens.
public enum ScreenExport {
    public enum Format: String, CaseIterable, Sendable {
        case text, ansi, svg
    }

    public static func render(_ screen: ScreenBuffer, as format: Format) -> String {
        switch format {
        case .text: plainText(screen)
        case .ansi: ansiText(screen)
        case .svg: SVGExport.render(screen)
        }
    }

    public static func plainText(_ screen: ScreenBuffer) -> String {
        screen.textLines(trimmingTrailingSpaces: true).joined(separator: "\n") + "\n"
    }

    /// Each row as text with SGR sequences at style changes, reset at the end of every row so
    /// that a `cat` of the file leaves the terminal as it was.
    public static func ansiText(_ screen: ScreenBuffer) -> String {
        var out = ""
        for y in 0..<screen.size.height {
            var current: Style? = nil
            for x in 0..<screen.size.width {
                let cell = screen[x, y]
                if cell.isContinuation { continue }
                if cell.style != current {
                    out += sgr(cell.style)
                    current = cell.style
                }
                out.append(cell.character)
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.italic) { codes.append("3") }
        if style.attributes.contains(.underline) { codes.append("4") }
        if style.attributes.contains(.reverse) { codes.append("7") }
        if let fg = colorCode(style.foreground, base: 30) { codes.append(fg) }
        if let bg = colorCode(style.background, base: 40) { codes.append(bg) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func colorCode(_ color: TerminalColor, base: Int) -> String? {
        switch color {
        case .standard: nil
        case .gray: String(base + 60)
        default: String(base + Int(color.rawValue))
        }
    }
}
