import TerminalKit

/// What a key does to a one-line prompt being typed: a character or Backspace changes the text,
/// Enter applies it, Esc cancels; any other key is not part of typing (nil).
enum PromptKey: Equatable {
    case edited(String)
    case applied(String)
    case cancelled

    init?(_ key: KeyEvent, typing text: String) {
        switch key {
        case .character(let character): self = .edited(text + String(character))
        case .backspace: self = .edited(String(text.dropLast()))
        case .enter: self = .applied(text)
        case .escape: self = .cancelled
        default: return nil
        }
    }
}
