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
        let range = total == 0 ? "0 of 0" : "\(first + 1)-\(last) of \(total)"
        return (moreAbove ? "▲ " : "") + range + (moreBelow ? " ▼" : "")
    }

    /// Draws " label " at the right of the frame's bottom edge, leaving its corners.
    func renderOnBottomEdge(of frame: Rect, style: Style, buffer: inout ScreenBuffer) {
        let text = " \(label) "
        let width = CharacterWidth.of(text)
        guard frame.width >= width + 4, frame.height >= 2 else { return }
        buffer.write(text, x: frame.maxX - 2 - width, y: frame.maxY - 1, style: style)
    }
}
