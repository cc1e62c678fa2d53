import TerminalKit

/// A line made of segments that knows what to give up first when it is too wide: each segment
/// lists its wordings, longest first, each with a priority; while the line does not fit, the
/// segment whose current wording has the lowest priority steps to its next, shorter wording, or
/// leaves the line when it has none. So a whole unimportant segment goes before an important
/// one loses a word, and nothing is cut at the right edge unless even the most important
/// wordings are too wide.
struct PrioritizedLine {
    struct Wording {
        var text: String
        /// Higher keeps longer; a wording is given up before every wording of higher priority.
        var priority: Int
    }

    struct Segment {
        var wordings: [Wording]
        var style: Style

        init(_ wordings: [Wording], style: Style) {
            self.wordings = wordings
            self.style = style
        }

        /// One wording kept at `priority` until the line has no room for it.
        init(_ text: String, priority: Int, style: Style) {
            self.init([Wording(text: text, priority: priority)], style: style)
        }
    }

    var segments: [Segment]
    /// Drawn between the segments kept (the header's " │ "), counted in the width.
    var separator = ""
    var separatorStyle = Style()

    /// The wording each segment keeps within `width` cells, in line order; nil for a segment
    /// that left the line.
    func fitted(toWidth width: Int) -> [String?] {
        var chosen: [Int?] = segments.map { $0.wordings.isEmpty ? nil : 0 }
        let separatorWidth = CharacterWidth.of(separator)
        func total() -> Int {
            let kept = zip(segments, chosen).compactMap { segment, choice in choice.map { segment.wordings[$0].text } }
            return kept.reduce(0) { $0 + CharacterWidth.of($1) } + separatorWidth * max(0, kept.count - 1)
        }
        while total() > width {
            let candidates = chosen.indices.compactMap { index in
                chosen[index].map { (index, segments[index].wordings[$0].priority) }
            }
            // The lowest priority goes first; among equals, the rightmost, so the line's start reads on.
            guard let (index, _) = candidates.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 > $1.0) }),
                  let current = chosen[index] else { break }
            chosen[index] = current + 1 < segments[index].wordings.count ? current + 1 : nil
        }
        return zip(segments, chosen).map { segment, choice in choice.map { segment.wordings[$0].text } }
    }

    /// Draws the fitted line from `x`; returns where it ended.
    @discardableResult
    func render(x: Int, y: Int, clip: Rect, buffer: inout ScreenBuffer) -> Int {
        var x = x, first = true
        for (segment, text) in zip(segments, fitted(toWidth: clip.maxX - x)) {
            guard let text else { continue }
            if !first { x = buffer.write(separator, x: x, y: y, style: separatorStyle, clip: clip) }
            x = buffer.write(text, x: x, y: y, style: segment.style, clip: clip)
            first = false
        }
        return x
    }

    /// The fitted line as plain text, for tests and for lines drawn in one style.
    func text(width: Int) -> String { fitted(toWidth: width).compactMap { $0 }.joined(separator: separator) }
}
