import TerminalKit

/// The Tasks pane's search by name (`\`; `/` once the Tasks pane has the focus): only tasks whose
/// names contain the text are listed. While it is typed the list follows each key; Enter applies
/// it, Esc goes back to the search before. Smart case, as in vim and ripgrep: a query without a
/// capital letter ignores case.
public struct TaskSearch: Sendable, Equatable {
    /// The applied search; nil lists every task.
    public var query: String?
    /// The text being typed; nil when not typing.
    public var draft: String?

    public var isTyping: Bool { draft != nil }

    /// What the list follows now: the draft while typing, else the applied query.
    var shown: String? {
        guard let text = draft ?? query, !text.isEmpty else { return nil }
        return text
    }

    /// Starts typing a fresh search (the applied one stays until Enter).
    mutating func start() { draft = "" }

    func admits(_ name: String) -> Bool {
        guard let text = shown else { return true }
        return text.contains(where: \.isUppercase) ? name.contains(text) : name.lowercased().contains(text)
    }

    /// Handles a key while a search is typed; false when the key is not part of typing.
    mutating func edit(with key: KeyEvent) -> Bool {
        guard let text = draft, let outcome = PromptKey(key, typing: text) else { return false }
        switch outcome {
        case .edited(let text): draft = text
        case .applied(let text): (query, draft) = (text.isEmpty ? nil : text, nil)
        case .cancelled: draft = nil
        }
        return true
    }
}
