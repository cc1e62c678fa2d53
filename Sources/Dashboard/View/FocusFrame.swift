import TerminalKit

/// Marks the focused pane on a frame already drawn, whoever drew it (the scene draws its own):
/// the frame in the focus style, and a mark after the title that reads without colour too.
enum FocusFrame {
    static let mark = "◀ "
    static let zoomedMark = "◀ zoomed, z restores "

    static func mark(_ area: Rect, zoomed: Bool, theme: Theme, buffer: inout ScreenBuffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        var edge: [(x: Int, y: Int)] = []
        for x in area.x..<area.maxX { edge += [(x, area.y), (x, area.maxY - 1)] }
        for y in (area.y + 1)..<(area.maxY - 1) { edge += [(area.x, y), (area.maxX - 1, y)] }
        for (x, y) in edge where isFrame(buffer[x, y].character) {
            buffer.set(Cell(buffer[x, y].character, style: theme.focus), x: x, y: y)
        }
        // After the title's closing space; over the title's end when the edge has no room left.
        let titleEnd = (area.x + 1..<area.maxX - 1).last { !isFrame(buffer[$0, area.y].character) }.map { $0 + 1 } ?? area.x + 1
        let text = zoomed && CharacterWidth.of(zoomedMark) <= area.width - 4 ? zoomedMark : mark
        let x = max(area.x + 1, min(titleEnd, area.maxX - 1 - CharacterWidth.of(text)))
        buffer.write(text, x: x, y: area.y, style: theme.focus, clip: Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1))
    }

    static func isFrame(_ character: Character) -> Bool { "┌┐└┘─│".contains(character) }
}
