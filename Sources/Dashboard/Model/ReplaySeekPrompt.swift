import TerminalKit

/// Where `g`, `G` or `@` sends a replay.
public enum ReplayTarget: Sendable, Equatable {
    case start, end
    /// An instant of the recording, as time since its start.
    case time(Duration)
}

/// `@` in a replay: the time to go to, typed as seconds (`90`, `12.5`), `m:ss` or `h:mm:ss`.
struct ReplaySeekPrompt: Equatable {
    /// The text typed so far; nil while the prompt is closed.
    var draft: String?
    /// What the last Enter could not read, for the footer.
    var refused: String?

    enum Outcome: Equatable {
        case typing, closed
        case go(Duration)
    }

    /// The key's effect on an open prompt; nil when it is closed (the key is not typing).
    mutating func edit(with key: KeyEvent) -> Outcome? {
        guard let text = draft, let outcome = PromptKey(key, typing: text) else { return nil }
        switch outcome {
        case .edited(let edited):
            draft = edited
            return .typing
        case .cancelled:
            draft = nil
            return .closed
        case .applied(let typed):
            draft = nil
            guard let time = Self.time(typed) else {
                refused = "not a time: \(typed.isEmpty ? "nothing typed" : typed) (seconds, m:ss or h:mm:ss)"
                return .closed
            }
            return .go(time)
        }
    }

    /// `90`, `12.5`, `1:30`, `1:02:03.5`; nil for anything else or a negative time.
    static func time(_ text: String) -> Duration? {
        let parts = text.filter { $0 != " " }.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let seconds = Double(parts[parts.count - 1]), seconds >= 0,
              seconds < 100_000_000 else { return nil }
        var whole = 0
        for part in parts.dropLast() {
            guard let value = Int(part), value >= 0, value < 1_000_000 else { return nil }
            whole = whole * 60 + value
        }
        if parts.count > 1, seconds >= 60 { return nil }
        return .milliseconds(Int64(((Double(whole) * 60 + seconds) * 1000).rounded()))
    }
}
