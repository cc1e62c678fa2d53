import TerminalKit

/// Marks the focused pane on a frame already drawn, whoever drew it (the scene draws its own):
/// the frame in the focus style, and a mark after the title that reads without colour too.
enum FocusFrame {
    static let mark = "◀ "
    static let zoomedMark = "◀ zoomed, z restores "

    static func mark(_ area: Rect, zoomed: Bool, theme: Theme, buffer: inout ScreenBuffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        // Cell by cell, without gathering the edge first: an array of it made at every frame,
        // and each cell's test against a string of glyphs, were a tenth of a 200x60 frame.
        for x in area.x..<area.maxX {
            restyleFrame(x: x, y: area.y, theme: theme, buffer: &buffer)
            restyleFrame(x: x, y: area.maxY - 1, theme: theme, buffer: &buffer)
        }
        for y in (area.y + 1)..<(area.maxY - 1) {
            restyleFrame(x: area.x, y: y, theme: theme, buffer: &buffer)
            restyleFrame(x: area.maxX - 1, y: y, theme: theme, buffer: &buffer)
        }
        // After the title's closing space; over the title's end when the edge has no room left.
        let titleEnd = (area.x + 1..<area.maxX - 1).last { !isFrame(buffer[$0, area.y].character) }.map { $0 + 1 } ?? area.x + 1
        let text = zoomed && CharacterWidth.of(zoomedMark) <= area.width - 4 ? zoomedMark : mark
        let x = max(area.x + 1, min(titleEnd, area.maxX - 1 - CharacterWidth.of(text)))
        buffer.write(text, x: x, y: area.y, style: theme.focus, clip: Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1))
    }

    private static func restyleFrame(x: Int, y: Int, theme: Theme, buffer: inout ScreenBuffer) {
        let character = buffer[x, y].character
        if isFrame(character) { buffer.set(Cell(character, style: theme.focus), x: x, y: y) }
    }

    /// By the scalar: comparing or hashing two different non-ASCII characters goes through
    /// Unicode normalization.
    static func isFrame(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return false }
        switch scalar {
        case "┌", "┐", "└", "┘", "─", "│": return true
        default: return false
        }
    }
}
