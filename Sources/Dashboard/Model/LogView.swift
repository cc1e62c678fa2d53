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

    /// The lines that pass the filter, oldest first.
    public func visibleLines(of lines: some Collection<String>) -> [String] {
        guard let filter, !filter.isEmpty else { return Array(lines) }
        return lines.filter { $0.contains(filter) }
    }
}
