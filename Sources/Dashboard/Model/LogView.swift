import Simulation
import TerminalKit

/// How the person looks at the log: how far back, and through which filter. The lines themselves
/// belong to the log feed's snapshot.
public struct LogView: Sendable, Equatable {
    /// Lines between the newest shown line and the newest line; 0 means following.
    public var scrollBack = 0
    /// The applied filter: only lines containing it are shown, with each match highlighted.
    public var filter: String?
    /// The filter being typed after `/`; nil when not typing.
    public var draft: String?

    public var isFollowing: Bool { scrollBack == 0 }

    /// Handles a key while a filter is being typed; false when the key is not part of typing.
    mutating func edit(with key: KeyEvent) -> Bool {
        guard var text = draft else { return false }
        switch key {
        case .character(let character):
            text.append(character)
            draft = text
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            draft = text
        case .enter:
            filter = text.isEmpty ? nil : text
            draft = nil
            scrollBack = 0
        case .escape:
            draft = nil
        default:
            return false
        }
        return true
    }

    func passes(_ line: String) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return line.contains(filter)
    }

    /// How many lines pass the filter: what scrolling may cover.
    func passingCount(of lines: some BidirectionalCollection<String>) -> Int {
        filter == nil ? lines.count : lines.reduce(0) { $0 + (passes($1) ? 1 : 0) }
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
