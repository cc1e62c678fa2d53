/// A key press as the app sees it, independent of how a backend decoded it.
public enum KeyEvent: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)
    /// Control plus a letter, e.g. `.control("l")` for Ctrl-L.
    case control(Character)

    /// How the key is named in the footer and the help overlay.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .function(let n): "F\(n)"
        case .control(let c): "Ctrl-\(String(c).uppercased())"
        }
    }
}

/// Where a frame goes: the curses backend writes it to the terminal.
@MainActor
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    /// Writes the runs (already diffed against what the terminal shows) and makes them visible.
    func present(_ runs: [CellRun])
}

/// What an interactive terminal reports to the app's loop.
public enum TerminalEvent: Hashable, Sendable {
    case key(KeyEvent)
    case mouse(MouseEvent)
    case resize(Size)
    case signal(TerminalSignal)
}

/// The signals the app answers, each with the exit status a shell expects (128 + number).
public enum TerminalSignal: Hashable, Sendable {
    case interrupt, terminate, hangup, quit
    /// Any other signal whose default action ends the process (SIGPIPE, SIGUSR1, SIGALRM...):
    /// the app ends as for SIGTERM, with that signal's status.
    case ending(signalNumber: Int32)
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    case suspend

    public var exitStatus: Int32 {
        switch self {
        case .hangup: 129
        case .interrupt: 130
        case .quit: 131
        case .terminate: 143
        case .ending(let number): 128 + number
        case .suspend: 0
        }
    }
}

/// A backend a person is sitting at: it reports keys, resizes and signals, and can give the
/// terminal back to the shell for a while (Ctrl-Z).
@MainActor
public protocol InteractiveTerminal: TerminalBackend {
    var events: AsyncStream<TerminalEvent> { get }
    func suspendToShell()
}
