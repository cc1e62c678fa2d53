import Foundation
import Simulation
import TerminalKit

/// How the person looks at the log: how far back, through which filter, long lines cut or
/// wrapped. The lines themselves belong to the log feed's snapshot.
public struct LogView: Sendable, Equatable {
    /// Lines between the newest shown line and the newest line; 0 means following.
    public var scrollBack = 0
    /// The applied filter: only lines containing it are shown, with each match highlighted.
    /// Smart case, as in vim and ripgrep: without a capital letter it ignores case.
    public var filter: String?
    /// The filter being typed after `/`; nil when not typing.
    public var draft: String?
    /// Long lines go on over the rows below instead of being cut at the pane's edge.
    public var wrapsLines = false

    public var isFollowing: Bool { scrollBack == 0 }

    /// `/`: a new filter is typed from nothing; the applied one stays until Enter replaces it.
    mutating func startFilter() {
        draft = ""
    }

    /// Handles a key while a filter is being typed; false when the key is not part of typing.
    mutating func edit(with key: KeyEvent) -> Bool {
        guard let text = draft, let outcome = PromptKey(key, typing: text) else { return false }
        switch outcome {
        case .edited(let edited): draft = edited
        case .applied(let applied):
            filter = applied.isEmpty ? nil : applied
            draft = nil
            scrollBack = 0
        case .cancelled: draft = nil
        }
        return true
    }

    func passes(_ line: String) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return Self.firstMatch(of: filter, in: line[...]) != nil && !Self.isNote(of: filter, line)
    }

    /// What the dashboard logs when a filter is applied. The note always contains its own filter,
    /// so counting it as a match would hide "no line matches" whenever the log is the activity log.
    static func note(applied filter: String?) -> String {
        filter.map { "log filter set to \"\($0)\"" } ?? "log filter cleared"
    }

    /// Checks the closing quote first: most lines end otherwise, and the note is not built for them.
    private static func isNote(of filter: String, _ line: String) -> Bool {
        line.utf8.last == UInt8(ascii: "\"") && line.hasSuffix(note(applied: filter))
    }

    /// Where `filter` first occurs in `text`, by smart case: exactly when the filter has a
    /// capital letter, else ignoring case.
    static func firstMatch(of filter: String, in text: Substring) -> Range<Substring.Index>? {
        if filter.contains(where: \.isUppercase) { return text.firstRange(of: filter) }
        if filter.utf8.allSatisfy({ $0 < 0x80 }) { return firstASCIIMatchIgnoringCase(of: filter, in: text) }
        return text.range(of: filter, options: .caseInsensitive)
    }

    /// The common case without Foundation's Unicode folding: a frame may test every one of the
    /// 10,000 lines of history against the filter.
    private static func firstASCIIMatchIgnoringCase(of filter: String, in text: Substring) -> Range<Substring.Index>? {
        let needle = filter.utf8.map(lowered)
        guard let first = needle.first else { return text.startIndex..<text.startIndex }
        let haystack = text.utf8
        var start = haystack.startIndex
        while start != haystack.endIndex {
            if lowered(haystack[start]) == first {
                var position = haystack.index(after: start)
                var matched = 1
                while matched < needle.count, position != haystack.endIndex, lowered(haystack[position]) == needle[matched] {
                    matched += 1
                    position = haystack.index(after: position)
                }
                // ASCII bytes never sit inside a multi-byte character: both ends are character boundaries.
                if matched == needle.count { return start..<position }
            }
            start = haystack.index(after: start)
        }
        return nil
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// How many lines pass the filter: what scrolling may cover.
    func passingCount(of lines: some BidirectionalCollection<String>) -> Int {
        filter == nil ? lines.count : lines.reduce(0) { $0 + (passes($1) ? 1 : 0) }
    }

    /// Where `shown` lines, `scrollBack` back, sit among the `passing` ones: their first and last
    /// position, counted from 1 for the oldest line kept.
    func position(shown: Int, passing: Int) -> ClosedRange<Int>? {
        guard shown > 0 else { return nil }
        let last = passing - scrollBack
        return (last - shown + 1)...last
    }

    /// The `rows` lines to show, oldest first: the newest passing lines, `scrollBack` back.
    /// Walks back from the newest line only as far as needed, so a frame costs what it shows,
    /// not the 10,000 lines of history.
    public func window(of lines: some BidirectionalCollection<String>, rows: Int) -> [String] {
        guard rows > 0 else { return [] }
        var picked: [String] = []
        var skipped = 0
        for line in lines.reversed() where passes(line) {
            if skipped < scrollBack {
                skipped += 1
                continue
            }
            picked.append(line)
            if picked.count == rows { break }
        }
        return picked.reversed()
    }
}
