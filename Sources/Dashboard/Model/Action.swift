import TerminalKit

/// Everything a key can ask for. Keys map to actions in one place (`KeyMap`), which also feeds
/// the footer legend and the help overlay, so what is shown is always what works.
public enum Action: Hashable, Sendable {
    case quit
    case toggleHelp
    case closeOverlay
    case togglePause
    case scrollLogBack
    case scrollLogForward
    case scrollLogToOldest
    case followLog
    case startLogFilter
}

public struct KeyBinding: Sendable {
    public var keys: [KeyEvent]
    public var action: Action
    /// The sentence in the help overlay.
    public var help: String
    /// The word in the footer legend; nil keeps the binding out of the footer.
    public var footer: String?
}

public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("q")], action: .quit, help: "quit and restore the terminal", footer: "quit"),
        KeyBinding(keys: [.character("?"), .function(1)], action: .toggleHelp, help: "show or hide this help", footer: "help"),
        KeyBinding(keys: [.escape], action: .closeOverlay, help: "close the help; clear the log filter", footer: nil),
        KeyBinding(keys: [.character(" ")], action: .togglePause, help: "pause or resume the simulation clock", footer: "pause"),
        KeyBinding(keys: [.pageUp], action: .scrollLogBack, help: "scroll the log back a page", footer: nil),
        KeyBinding(keys: [.pageDown], action: .scrollLogForward, help: "scroll the log forward a page", footer: nil),
        KeyBinding(keys: [.home], action: .scrollLogToOldest, help: "jump to the oldest log line kept", footer: nil),
        KeyBinding(keys: [.end], action: .followLog, help: "jump to the newest log line and follow", footer: nil),
        KeyBinding(keys: [.character("/")], action: .startLogFilter, help: "filter the log to lines containing a text (Enter applies)", footer: "filter"),
    ]

    /// The action a key triggers in the model's current state, if any.
    public static func action(for key: KeyEvent, in model: DashboardModel) -> Action? {
        if model.overlay != nil {
            // While the help is open only closing it and quitting act, so a stray key does
            // nothing behind the overlay.
            switch key {
            case .escape, .character("?"), .function(1): return .closeOverlay
            case .character("q"): return .quit
            default: return nil
            }
        }
        return bindings.first { $0.keys.contains(key) }?.action
    }
}
