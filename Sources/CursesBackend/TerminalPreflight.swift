import CNcurses
import Glibc

/// Decides, before anything is written, whether this process may take over the terminal.
/// `initscr` would exit by itself on an unknown TERM and draw garbage on TERM=dumb; a refusal
/// here says what is wrong and what to do instead, and writes nothing to stdout.
public enum TerminalPreflight {
    public static let alternative = "run it in a terminal, or use 'asyncdemo-tui snapshot -o FILE' to render the dashboard without one"

    /// nil when the terminal is usable, else the one-line reason.
    public static func refusal(environment: [String: String]) -> String? {
        if isatty(STDIN_FILENO) == 0 {
            return "standard input is not a terminal; \(alternative)"
        }
        if isatty(STDOUT_FILENO) == 0 {
            return "standard output is not a terminal; \(alternative)"
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            return "TERM is not set, so the terminal type is unknown; set it (e.g. TERM=xterm-256color) or \(alternative)"
        }
        switch cn_terminal_can_address_cursor(term, STDOUT_FILENO) {
        case 1: return nil
        case 0: return "terminal type '\(term)' cannot move the cursor, which a full-screen dashboard needs; use a terminal such as xterm-256color, or \(alternative)"
        default: return "terminal type '\(term)' is unknown (no terminfo entry); set TERM to your terminal's type (e.g. xterm-256color) or \(alternative)"
        }
    }
}
