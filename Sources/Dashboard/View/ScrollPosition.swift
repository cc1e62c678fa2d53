import TerminalKit

/// Where a scrolled list is: which rows show of how many, with a mark when more is above (▲)
/// or below (▼), e.g. "▲ 12-25 of 50 ▼", drawn into the bottom edge of the list's frame.
struct ScrollPosition: Equatable {
    /// Index of the first row shown.
    var first: Int
    var shown: Int
    var total: Int

    var moreAbove: Bool { first > 0 }
    var moreBelow: Bool { first + shown < total }

    var label: String {
        let last = min(total, first + shown)
        return marked(total == 0 ? "0 of 0" : "\(first + 1)-\(last) of \(total)")
    }

    /// `place` between the marks for what is hidden above and below.
    func marked(_ place: String) -> String { (moreAbove ? "▲ " : "") + place + (moreBelow ? " ▼" : "") }

    /// Draws " text " at the right of the frame's bottom edge, leaving its corners.
    static func renderOnBottomEdge(_ text: String, of frame: Rect, style: Style, buffer: inout ScreenBuffer) {
        let padded = " \(text) "
        let width = CharacterWidth.of(padded)
        guard frame.width >= width + 4, frame.height >= 2 else { return }
        buffer.write(padded, x: frame.maxX - 2 - width, y: frame.maxY - 1, style: style)
    }
}
