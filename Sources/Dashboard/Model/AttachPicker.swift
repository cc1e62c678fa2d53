import TerminalKit

/// `attach` with no argument and several programs, at a terminal: a list to pick one from.
/// A value that takes keys and gives the lines and, once decided, the choice; the command
/// line draws it and reads the keys.
public struct AttachPicker: Sendable, Equatable {
    public struct Program: Sendable, Equatable {
        public let pid: Int32
        /// Safe to display (the command line sanitizes it).
        public let name: String
        /// When it started, as the list shows it ("18:04:12").
        public let since: String

        public init(pid: Int32, name: String, since: String) {
            self.pid = pid
            self.name = name
            self.since = since
        }
    }

    public enum Outcome: Sendable, Equatable {
        case undecided
        case attach(pid: Int32)
        /// q or Esc: attach to nothing.
        case cancelled
    }

    public let programs: [Program]
    public private(set) var highlighted = 0
    public private(set) var outcome = Outcome.undecided

    public static let title = "Attach to which program?"
    public static let keys = "↑↓ j k move · Enter attaches · q Esc attaches to nothing"

    public init(programs: [Program]) { self.programs = programs }

    public mutating func press(_ key: KeyEvent) {
        guard outcome == .undecided, !programs.isEmpty else { return }
        switch key {
        case .up, .character("k"): highlighted = max(0, highlighted - 1)
        case .down, .character("j"): highlighted = min(programs.count - 1, highlighted + 1)
        case .home: highlighted = 0
        case .end: highlighted = programs.count - 1
        case .enter: outcome = .attach(pid: programs[highlighted].pid)
        case .escape, .character("q"): outcome = .cancelled
        default: break
        }
    }

    /// The list's rows, first line first: the title, the columns, a row per program (the
    /// highlighted one marked ▸), the keys. A list taller than `height` scrolls to keep the
    /// highlighted row in view.
    public func lines(height: Int) -> [String] {
        let pidWidth = max(3, programs.map { String($0.pid).count }.max() ?? 0)
        let nameWidth = max(4, programs.map { CharacterWidth.of($0.name) }.max() ?? 0)
        func row(_ mark: String, _ pid: String, _ name: String, _ since: String) -> String {
            "\(mark) \(Text.padded(pid, toWidth: pidWidth))  \(Text.padded(name, toWidth: nameWidth))  \(since)"
        }
        let shown = max(1, height - 4)
        let first = min(max(0, highlighted - shown + 1), max(0, programs.count - shown))
        let rows = programs.indices.dropFirst(first).prefix(shown).map { index in
            let program = programs[index]
            return row(index == highlighted ? "▸" : " ", String(program.pid), program.name, program.since)
        }
        return [Self.title, row(" ", "PID", "NAME", "SINCE")] + rows + ["", Self.keys]
    }

    /// The list on a screen of `size`: the highlighted row and the title stand out.
    public func render(size: Size, theme: Theme) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        let area = Rect(size: size)
        let lines = lines(height: size.height)
        let highlightedLine = lines.firstIndex { $0.hasPrefix("▸") }
        for (y, line) in lines.enumerated() where y < size.height {
            let style = y == 0 ? theme.title : y == highlightedLine ? theme.highlight : y == lines.count - 1 ? theme.dim : theme.text
            _ = buffer.write(line, x: 0, y: y, style: style, clip: area)
        }
        return buffer
    }
}
