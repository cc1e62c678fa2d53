/// Quotes a file name or a value for a message on the terminal the way GNU coreutils does
/// (`quotearg`'s shell-escape-always style, as `tail: cannot open 'x'$'\033''[2J' ...` shows):
/// the result is always quoted, can be pasted back into a shell, and holds no byte that a terminal
/// would act on. What GNU leaves alone and a terminal would still obey is escaped as well: C1
/// controls, invalid UTF-8, and the bidi embeddings, overrides and isolates `DisplaySafety` shows.
///
/// Runs of printable text go inside `'...'`; anything else goes inside `$'...'` as `\n`, `\t` ...
/// or a three-digit octal escape per byte. A name whose only awkward character is `'` is put in
/// double quotes instead (`"it's.log"`) when nothing in it means something inside them, as GNU does.
public enum ShellQuoting {
    public static func quoted(_ text: String) -> String {
        quoted(bytes: Array(text.utf8))
    }

    /// As GNU's `quotef` (the `x: file truncated` notice): bare when nothing in the name means
    /// anything to a shell or a terminal, else `quoted`.
    public static func quotedIfNeeded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let bare = !bytes.isEmpty && !Array("#~".utf8).contains(bytes[0]) && text != "{" && text != "}"
            && bytes.allSatisfy(isSafeBare) && !split(bytes).contains { if case .escaped = $0 { true } else { false } }
        return bare ? text : quoted(bytes: bytes)
    }

    public static func quoted(bytes: [UInt8]) -> String {
        let pieces = split(bytes)
        let needsEscapes = pieces.contains { if case .escaped = $0 { true } else { false } }
        let leadingSpecial = bytes.first.map { Array("#~".utf8).contains($0) } ?? false
        if !needsEscapes, bytes.contains(UInt8(ascii: "'")), bytes.dropFirst(leadingSpecial ? 1 : 0).allSatisfy(isSafeInDoubleQuotes) {
            return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        }
        // A name holding a `'` (not first) and ending in an escape: GNU restarts its quoting at the
        // end, which leaves an empty `''` in front. Kept, so a notice reads as GNU tail's.
        let endsEscaped = if case .escaped = pieces.last { true } else { false }
        let restarted = endsEscaped && bytes.first != UInt8(ascii: "'")
            && pieces.contains { if case .printable("'") = $0 { true } else { false } }
        var output = restarted ? "'''" : "'"
        var insideDollarQuote = false
        for piece in pieces {
            switch piece {
            case .printable(let scalar):
                if insideDollarQuote {
                    // Closing `$'...'` then `\'` then opening `'`: GNU's shortest form.
                    output += scalar == "'" ? #"'\''"# : "''" + String(scalar)
                    insideDollarQuote = false
                } else {
                    output += scalar == "'" ? #"'\''"# : String(scalar)
                }
            case .escaped(let escapedBytes):
                if !insideDollarQuote {
                    output += "'$'"
                    insideDollarQuote = true
                }
                for byte in escapedBytes { output += escape(byte) }
            }
        }
        return output + "'"
    }

    private enum Piece {
        case printable(Unicode.Scalar)
        case escaped([UInt8])
    }

    /// The text as printable scalars and the bytes that must be escaped: controls, C1, bidi
    /// controls (each as its UTF-8 bytes) and every byte of an invalid UTF-8 sequence.
    private static func split(_ bytes: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            guard length > 0 else {
                pieces.append(.escaped([bytes[index]]))
                index += 1
                continue
            }
            let sequence = Array(bytes[index..<index + length])
            let scalar = String(decoding: sequence, as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
            pieces.append(needsEscape(scalar) ? .escaped(sequence) : .printable(scalar))
            index += length
        }
        return pieces
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 if there is none.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let (length, secondRange): (Int, ClosedRange<UInt8>) = switch lead {
        case 0x00...0x7F: (1, 0x80...0xBF)
        case 0xC2...0xDF: (2, 0x80...0xBF)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xED: (3, 0x80...0x9F)
        case 0xE1...0xEF: (3, 0x80...0xBF)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF4: (4, 0x80...0x8F)
        case 0xF1...0xF3: (4, 0x80...0xBF)
        default: (0, 0x80...0xBF)
        }
        guard length > 1 else { return length }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }

    /// Letters, digits, space, `%+,-./:@]_` and anything past ASCII (and a leading `#` or `~`):
    /// what GNU leaves bare inside double quotes; `$`, backquote, `\`, `"`, `!` and the other
    /// shell specials are not.
    private static func isSafeInDoubleQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...0xFF: true
        default: Array(" %+,-./:@]_'".utf8).contains(byte)
        }
    }

    /// What GNU leaves unquoted (checked with `ls --quoting-style=shell-escape`): letters, digits,
    /// `#%+,-./:@]_{}~` and anything past ASCII; `#` and `~` only after the first byte.
    private static func isSafeBare(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...0xFF: true
        default: Array("#%+,-./:@]_{}~".utf8).contains(byte)
        }
    }

    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case 0x07: #"\a"#
        case 0x08: #"\b"#
        case 0x09: #"\t"#
        case 0x0A: #"\n"#
        case 0x0B: #"\v"#
        case 0x0C: #"\f"#
        case 0x0D: #"\r"#
        default:
            "\\" + String(repeating: "0", count: 3 - String(byte, radix: 8).count) + String(byte, radix: 8)
        }
    }
}
