import Simulation
import TerminalKit

/// Text broken into rows of a width, for the lesson panel's sentences, code and transcript.
enum Wrap {
    /// Breaks at spaces where it can, mid-word where a word is wider than the row. A line's
    /// leading spaces are kept, and its continuation rows are indented `hang` cells further:
    /// 2 for code, so wrapped code still shows its nesting; 0 for prose. With `squeezing`, a
    /// line too wide first loses the runs of spaces that align code's trailing comments.
    static func rows(_ text: String, width: Int, hang: Int = 0, squeezing: Bool = false) -> [String] {
        guard width > 0 else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            rows(line: $0, width: width, hang: hang, squeezing: squeezing)
        }
    }

    private static func rows(line: Substring, width: Int, hang: Int, squeezing: Bool) -> [String] {
        let indent = String(line.prefix { $0 == " " })
        guard CharacterWidth.of(line) > width else { return [String(line)] }
        let words = line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: squeezing)
        let squeezed = indent + words.joined(separator: " ")
        if squeezing, CharacterWidth.of(squeezed) <= width { return [squeezed] }
        let continuation = String(repeating: " ", count: min(indent.count + hang, width / 2))
        var rows: [String] = []
        var current = indent
        var currentWidth = CharacterWidth.of(indent)
        var atRowStart = true
        for word in words {
            let wordWidth = CharacterWidth.of(word)
            let needed = (atRowStart ? 0 : 1) + wordWidth
            if !atRowStart, currentWidth + needed > width {
                rows.append(current)
                current = continuation
                currentWidth = CharacterWidth.of(continuation)
                atRowStart = true
            }
            if !atRowStart {
                current += " "
                currentWidth += 1
            }
            for character in word {
                let characterWidth = CharacterWidth.of(character) ?? 1
                if currentWidth + characterWidth > width, currentWidth > CharacterWidth.of(continuation) {
                    rows.append(current)
                    current = continuation
                    currentWidth = CharacterWidth.of(continuation)
                }
                current.append(character)
                currentWidth += characterWidth
            }
            atRowStart = false
        }
        rows.append(current)
        return rows
    }
}
