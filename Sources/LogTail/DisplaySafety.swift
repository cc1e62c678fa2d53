/// Makes an untrusted log line safe to put on a terminal: nothing in the result can move the
/// cursor, change the title, clear the screen, reorder text or smuggle in invalid UTF-8.
///
/// The scheme, applied per Unicode scalar after UTF-8 repair:
/// - invalid UTF-8: U+FFFD per maximal subpart (see `UTF8Repair`);
/// - C0 controls U+0000–U+001F except TAB, and DEL U+007F: caret notation, as `cat -v` and most
///   terminals' own echo do: NUL `^@`, BEL `^G`, ESC `^[`, DEL `^?`;
/// - C1 controls U+0080–U+009F: `M-` plus the caret form of the control 0x80 below them, again as
///   `cat -v` writes those bytes: U+009B (CSI) is `M-^[`, U+0085 (NEL) is `M-^E`;
/// - TAB: spaces up to the next multiple of 8 columns, counted from `startColumn`;
/// - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): shown as `<U+202E>`
///   rather than removed, so a reviewer can see that a line tried to reorder itself.
///
/// - a grapheme of more than `graphemeScalarLimit` scalars (a letter under thousands of combining
///   marks): its first scalars, then `[N marks cut]`, so a hostile line costs a display what a
///   normal one does.
///
/// Columns are counted one per output scalar. That is exact for the ASCII this function emits for
/// controls and tabs; East Asian wide characters are the UI kit's concern (it measures the result).
public enum DisplaySafety {
    public static let tabWidth = 8
    /// Most scalars one grapheme keeps; ZWJ emoji and tagged flags have fewer than ten.
    public static let graphemeScalarLimit = 16

    /// The column a tab starting at `column` moves the cursor to.
    public static func tabStop(after column: Int) -> Int {
        (column / tabWidth + 1) * tabWidth
    }

    /// The display-safe form of `bytes`, as it would appear starting at `startColumn`.
    public static func sanitize(_ bytes: some Sequence<UInt8>, startColumn: Int = 0) -> String {
        let array = bytes as? [UInt8] ?? Array(bytes)
        return array.withUnsafeBufferPointer { sanitize($0, startColumn: startColumn) }
    }

    public static func sanitize(_ bytes: UnsafeBufferPointer<UInt8>, startColumn: Int = 0) -> String {
        var output = String.UnicodeScalarView()
        var column = startColumn
        // Every scalar after a grapheme's first is U+0300 or above (CR LF aside): a long
        // grapheme needs a long run of them, and text without one needs no grapheme walk.
        var run = 0
        var longestRun = 0
        func emit(_ text: String) {
            output.append(contentsOf: text.unicodeScalars)
            column += text.unicodeScalars.count
        }
        UTF8Repair.forEachScalar(in: bytes) { scalar in
            run = scalar.value >= 0x300 ? run + 1 : 0
            longestRun = max(longestRun, run)
            switch scalar.value {
            case 0x09:
                let stop = tabStop(after: column)
                output.append(contentsOf: repeatElement(" ", count: stop - column))
                column = stop
            case 0x00...0x1F, 0x7F:
                emit(caretNotation(for: UInt8(scalar.value)))
            case 0x80...0x9F:
                emit("M-" + caretNotation(for: UInt8(scalar.value - 0x80)))
            case 0x202A...0x202E, 0x2066...0x2069:
                emit(codePointNotation(for: scalar))
            default:
                output.append(scalar)
                column += 1
            }
        }
        let text = String(output)
        return longestRun < graphemeScalarLimit ? text : shorteningLongGraphemes(text)
    }

    private static func shorteningLongGraphemes(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for character in text {
            let scalars = character.unicodeScalars
            let count = scalars.count
            if count <= graphemeScalarLimit {
                result.append(contentsOf: scalars)
            } else {
                result.append(contentsOf: scalars.prefix(graphemeScalarLimit))
                result.append(contentsOf: "[\(count - graphemeScalarLimit) marks cut]".unicodeScalars)
            }
        }
        return String(result)
    }

    /// `^@` for NUL ... `^_` for 0x1F, `^?` for DEL: the control's letter is its value XOR 0x40.
    static func caretNotation(for control: UInt8) -> String {
        "^" + String(Unicode.Scalar(control ^ 0x40))
    }

    static func codePointNotation(for scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
}
