/// Display width of text in terminal cells, decided here rather than by the C library's `wcwidth`
/// so that layout does not depend on the locale and tests give the same answer everywhere.
/// It follows Unicode East Asian Width (W and F are two cells) and emoji presentation per scalar,
/// as glibc's `wcwidth` (and so ncurses) does.
public enum CharacterWidth {
    /// Most scalars a grapheme may have and still be drawn: a ZWJ family or a flag with tags
    /// has under ten, a line of combining marks can have any number, and each frame would walk
    /// them all and keep them all in a cell.
    public static let graphemeScalarLimit = 32

    /// Cells taken by one grapheme: the sum over its scalars, as ncurses counts it with
    /// `wcwidth`, so our buffer and ncurses' idea of the screen never disagree. nil for a control
    /// character, for a cluster wider than two cells (a ZWJ family counts 6 to ncurses) and for
    /// one of more than `graphemeScalarLimit` scalars (found without reading past the limit):
    /// those are drawn as one replacement glyph rather than shift the rest of the line.
    public static func of(_ character: Character) -> Int? {
        var total = 0
        var count = 0
        for scalar in character.unicodeScalars {
            count += 1
            guard count <= graphemeScalarLimit, let width = width(of: scalar) else { return nil }
            total += width
        }
        return total <= 2 ? total : nil
    }

    /// Total cells taken by a string, with control characters counted as the one cell
    /// their placeholder takes.
    public static func of(_ text: some StringProtocol) -> Int {
        // Printable ASCII is one cell a byte. It is most of what the dashboard measures (labels,
        // numbers, log lines), and walking graphemes instead took a quarter of a frame's CPU when
        // the Workers pane sized 10,000 labels (asyncdemo-bench render).
        if let cells = printableASCIICount(text) { return cells }
        var total = 0
        for character in text { total += of(character) ?? 1 }
        return total
    }

    /// The byte count when every byte is printable ASCII, else nil. Reads the bytes in place: a
    /// byte-by-byte walk through the generic UTF8View cost more than the graphemes it skips.
    private static func printableASCIICount(_ text: some StringProtocol) -> Int? {
        let count = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? bytes.count : nil
        }
        return count ?? nil
    }

    static func width(of scalar: Unicode.Scalar) -> Int? {
        let value = scalar.value
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return nil }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        // Regional indicators (flag halves) are one cell each to glibc, so a flag is two.
        if (0x1F1E6...0x1F1FF).contains(value) { return 1 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x18AFF, 0x1B000...0x1B2FF,
        0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0, high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound { high = mid - 1 } else if value > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }
}
