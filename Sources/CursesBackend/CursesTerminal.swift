import CNcurses
import Dispatch
import Glibc
import TerminalKit

/// The one owner of ncurses. Everything it does happens on the main actor; input and signals
/// arrive through dispatch sources that wake it only when there is something to read, and one
/// task of its own takes their wake-ups in the order they came.
@MainActor
public final class CursesTerminal: InteractiveTerminal {
    public private(set) var size: Size
    /// False on terminals without colours; the app then draws with the monochrome theme.
    public let supportsColor: Bool
    public let events: AsyncStream<TerminalEvent>

    private let continuation: AsyncStream<TerminalEvent>.Continuation
    private let screen: OpaquePointer
    private let signals: SignalRelay
    private let input: InputWatch
    private var wakeReading: Task<Void, Never>?
    private var colorPairs: [Int32: Int16] = [:]
    private var colorEnabled: Bool
    /// What turns the mouse reporting we asked for off again, for the exits that bypass endwin
    /// (a crash, stepping aside in the background); empty with the mouse left alone.
    private let mouseOff: [UInt8]
    private var ended = false
    private var emptyWakeUps = 0
    /// While the shell owns the terminal (after Ctrl-Z, or in the background) nothing is drawn
    /// and input is left unread.
    private var suspended = false

    /// Why the loop woke: stdin has something, or a signal came.
    private enum Wake: Sendable {
        case input
        case signal(Int32)
    }

    /// Takes over the terminal. Call `TerminalPreflight.refusal` first: this assumes a real,
    /// cursor-addressable terminal on stdin and stdout. nil, with the terminal untouched, when
    /// ncurses still cannot start on it.
    ///
    /// - Parameter useMouse: report presses and the wheel (`MouseMode`); false leaves the mouse
    ///   to the terminal altogether (`--no-mouse`).
    public init?(useColor: Bool, useMouse: Bool) {
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        Self.selectUTF8Locale()
        let (stream, continuation) = AsyncStream<TerminalEvent>.makeStream(bufferingPolicy: .unbounded)
        events = stream
        self.continuation = continuation

        // Signals and input share one stream: a SIGCONT is handled before the SIGWINCH after it.
        let (wakes, wakeSink) = AsyncStream<Wake>.makeStream(bufferingPolicy: .unbounded)
        // Our handlers go in before newterm so that ncurses leaves these signals to us.
        let relay = SignalRelay { wakeSink.yield(.signal($0)) }
        guard let screen = newterm(nil, cn_stdout(), cn_stdin()) else {
            relay.uninstall()
            return nil
        }
        self.screen = screen
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        intrflush(cn_stdscr(), false)
        keypad(cn_stdscr(), true)
        nodelay(cn_stdscr(), true)
        leaveok(cn_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        Self.defineCommonKeyVariants()
        supportsColor = has_colors()
        colorEnabled = useColor && supportsColor
        if colorEnabled {
            start_color()
            use_default_colors()
        }
        size = Size(width: Int(cn_cols()), height: Int(cn_lines()))
        mouseOff = useMouse ? MouseMode.enable() : []
        signals = relay
        input = InputWatch { wakeSink.yield(.input) }
        CrashGuard.arm(savedTermios: saved, resetSequence: mouseOff + Self.resetSequence())
        wakeReading = Task { [weak self] in
            for await wake in wakes {
                guard let self else { return }
                self.handle(wake)
            }
        }
    }

    public func present(_ runs: [CellRun]) {
        // Until SIGCONT the shell owns the screen; the resize that follows it repaints.
        guard !suspended else { return }
        guard isForeground else {
            stepAsideInBackground()
            return
        }
        let window = cn_stdscr()
        var glyph: [wchar_t] = []
        var currentStyle: Style?
        for run in runs {
            for (offset, cell) in run.cells.enumerated() where !cell.isContinuation {
                if cell.style != currentStyle {
                    applyStyle(cell.style, to: window)
                    currentStyle = cell.style
                }
                glyph.removeAll(keepingCapacity: true)
                for scalar in cell.character.unicodeScalars { glyph.append(wchar_t(bitPattern: scalar.value)) }
                // Each cell at its own column: should ncurses measure a glyph differently from
                // us, the error stays in that cell instead of shifting the rest of the run.
                // The bottom-right cell returns ERR (the cursor cannot advance past it); it is drawn.
                _ = mvwaddnwstr(window, Int32(run.y), Int32(run.x + offset), glyph, Int32(glyph.count))
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Ctrl-Z: hand the terminal back to the shell and stop the whole job (a wrapper such as
    /// `bash -c` or `make run` too, as a default Ctrl-Z would); on `fg` take it again and
    /// announce the size, so the caller repaints everything. In an orphaned process group (no
    /// job-control shell to resume us, e.g. started directly by tmux) it does nothing, as the
    /// kernel does for a default Ctrl-Z there.
    ///
    /// Behind a wrapper the shell may be first: the wrapper stops on Ctrl-Z at once, the shell
    /// takes the terminal back, and we are in the background before we get here (or were already
    /// put aside by a frame that found us there). Then stop as in the background; a second
    /// stop after `fg` would need a second `fg`.
    public func suspendToShell() {
        guard !suspended else { return }
        guard isForeground else {
            stepAsideInBackground()
            return
        }
        guard !ProcessGroup.isOrphaned() else { return }
        leaveCursesMode()
        suspended = true
        signal(SIGTSTP, SIG_DFL)
        kill(0, SIGTSTP)
    }

    /// SIGCONT, whoever stopped us (Ctrl-Z, or `kill -STOP` from outside, which gives no
    /// warning): the shell has had the terminal since and may have put its own modes back. As
    /// the foreground job, leave curses mode if still in it, so that the next frame re-enters the
    /// program's modes and the alternate screen, and repaint everything. In the background, draw
    /// nothing and stop again.
    private func continued() {
        guard isForeground else {
            stepAsideInBackground()
            return
        }
        if !isendwin() { leaveCursesMode() }
        signals.catchAgain(SIGTSTP)
        suspended = false
        refreshSize()
        input.rearm()
    }

    /// In the background a full-screen program stops, as vim and htop do ("Stopped (tty
    /// output)"), so that the later `fg` continues a stopped job and is sure to send the SIGCONT
    /// that brings it back. In an orphaned group the kernel drops the stop; we then just wait.
    ///
    /// The shell has the terminal, in its own modes (which we may not set from the background),
    /// perhaps still showing our alternate screen: give it back its screen and cursor first.
    /// Writing is allowed in the background unless the terminal has TOSTOP, and then the write
    /// stops us just the same.
    private func stepAsideInBackground() {
        if !suspended, !isendwin() {
            let leave = mouseOff + Self.leaveScreenSequence
            _ = write(STDOUT_FILENO, leave, leave.count)
        }
        suspended = true
        kill(0, SIGTTOU)
    }

    /// endwin, which sets the shell's terminal modes back, but never stopped for it. The shell
    /// may take the terminal between our look at it and endwin's tcsetattr (behind a wrapper it
    /// does at every Ctrl-Z: the wrapper stops at once), and SIGTTOU would stop us there: that
    /// stop would be used up, and the one Ctrl-Z sends next would need a second `fg`.
    private func leaveCursesMode() {
        var ttou = sigset_t()
        sigemptyset(&ttou)
        sigaddset(&ttou, SIGTTOU)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &ttou, &previous)
        endwin()
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    /// False while another process group (the shell, after Ctrl-Z or `bg`) owns the terminal.
    /// True too when stdout has no foreground group to tell (not our controlling terminal).
    private var isForeground: Bool {
        let foreground = tcgetpgrp(STDOUT_FILENO)
        return foreground <= 0 || foreground == getpgrp()
    }

    /// Gives the terminal back as it was found. Safe to call more than once.
    public func end() {
        guard !ended else { return }
        ended = true
        wakeReading?.cancel()
        input.cancel()
        // In the background the terminal is the shell's, in the shell's modes: leave it alone
        // (endwin would set the modes we started with under the shell's feet).
        if isForeground {
            let wasDrawing = !isendwin()
            wattr_set(cn_stdscr(), cn_attr_normal(), 0, nil)
            curs_set(1)
            leaveCursesMode()
            if wasDrawing, !Self.hasAlternateScreen {
                // No alternate screen to leave: the last frame would stay, the prompt on its footer.
                let clear = Self.capability("clear")
                _ = write(STDOUT_FILENO, clear, clear.count)
            }
        }
        delscreen(screen)
        signals.uninstall()
        CrashGuard.disarm()
        continuation.finish()
    }

    private func handle(_ wake: Wake) {
        guard !ended else { return }
        switch wake {
        case .input:
            // Left unread until `fg`: a background read would stop us with SIGTTIN.
            guard !suspended else { return }
            drainInput()
            input.rearm()
        case .signal(SIGWINCH):
            refreshSize()
        case .signal(SIGCONT):
            continued()
        case .signal(let number):
            continuation.yield(.signal(TerminalSignal(number: number)))
        }
    }

    private func drainInput() {
        var code: wint_t = 0
        var decoded = 0
        while true {
            let status = wget_wch(cn_stdscr(), &code)
            if status == ERR { break }
            decoded += 1
            if status == KEY_CODE_YES {
                if Int32(code) == KEY_RESIZE {
                    // resizeterm queues this key itself; the resize was already handled, and
                    // calling resizeterm again here would queue another one, forever.
                    continue
                } else if Int32(code) == KEY_MOUSE {
                    var report = MEVENT()
                    if getmouse(&report) == OK, let mouse = KeyDecoding.mouse(report) { continuation.yield(.mouse(mouse)) }
                } else if let key = KeyDecoding.functionKey(Int32(code)) {
                    continuation.yield(.key(key))
                }
            } else if let key = KeyDecoding.character(UInt32(code)) {
                continuation.yield(.key(key))
            }
        }
        if decoded > 0 { emptyWakeUps = 0 }
        if decoded == 0, inputHungUp() {
            // The terminal went away (stdin at end) without a SIGHUP: same outcome.
            input.cancel()
            continuation.yield(.signal(.hangup))
        }
    }

    /// True when stdin has hung up, or has kept waking us with nothing to read: either way the
    /// terminal is gone and waiting on it would spin.
    private func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else {
            emptyWakeUps = 0
            return false
        }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        emptyWakeUps += 1
        return emptyWakeUps > 100
    }

    private func refreshSize() {
        var rows: Int32 = 0, cols: Int32 = 0
        if cn_window_size(STDOUT_FILENO, &rows, &cols) == 0, rows > 0, cols > 0 {
            resizeterm(rows, cols)
        }
        let newSize = Size(width: Int(cn_cols()), height: Int(cn_lines()))
        clearok(cn_curscr(), true)
        size = newSize
        continuation.yield(.resize(newSize))
    }

    private func applyStyle(_ style: Style, to window: UnsafeMutablePointer<WINDOW>?) {
        var attributes = cn_attr_normal()
        if style.attributes.contains(.bold) { attributes |= cn_attr_bold() }
        if style.attributes.contains(.dim) { attributes |= cn_attr_dim() }
        if style.attributes.contains(.reverse) { attributes |= cn_attr_reverse() }
        if style.attributes.contains(.underline) { attributes |= cn_attr_underline() }
        if style.attributes.contains(.italic) { attributes |= cn_attr_italic() }
        var pair: Int16 = 0
        if colorEnabled, style.foreground != .standard || style.background != .standard {
            pair = colorPair(foreground: style.foreground, background: style.background)
            if style.foreground == .gray, cn_colors() < 16 { attributes |= cn_attr_dim() }
        }
        wattr_set(window, attributes, pair, nil)
    }

    private func colorPair(foreground: TerminalColor, background: TerminalColor) -> Int16 {
        let key = Int32(foreground.rawValue) << 8 | Int32(background.rawValue)
        if let pair = colorPairs[key] { return pair }
        let pair = Int16(colorPairs.count + 1)
        guard Int32(pair) < cn_color_pairs() else { return 0 }
        init_pair(pair, cursesColor(foreground), cursesColor(background))
        colorPairs[key] = pair
        return pair
    }

    private func cursesColor(_ color: TerminalColor) -> Int16 {
        switch color {
        case .standard: -1
        case .gray: cn_colors() >= 16 ? 8 : Int16(COLOR_WHITE)
        default: Int16(color.rawValue)
        }
    }

    /// Home and End arrive in several dialects (xterm's normal and application modes, the VT220
    /// and rxvt forms that tmux and screen send); accept them all whatever TERM says, so the
    /// keys work inside multiplexers whose TERM does not match the outer terminal.
    private static func defineCommonKeyVariants() {
        let variants: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ]
        for (sequence, key) in variants { define_key(sequence, key) }
    }

    /// What the crash guard writes to leave the alternate screen with a visible cursor; where
    /// there is no alternate screen, to clear the frame away so the report is not mixed into it.
    private static func resetSequence() -> [UInt8] {
        ["sgr0", "cnorm", "rmkx", hasAlternateScreen ? "rmcup" : "clear"].flatMap(capability) + Array("\r\n".utf8)
    }

    /// Plain text, a visible cursor, the normal screen: what the shell needs when we step aside.
    private static var leaveScreenSequence: [UInt8] { ["sgr0", "cnorm", "rmkx", "rmcup"].flatMap(capability) }

    /// A string capability's bytes, empty when the terminal lacks it. Written straight to the
    /// terminal, not through tputs, so its padding (`$<50>` in vt100's clear) is dropped: no
    /// terminal we can run on needs delays.
    private static func capability(_ name: String) -> [UInt8] {
        guard let value = cn_string_capability(name) else { return [] }
        var bytes = Array(String(cString: value).utf8)
        while let start = bytes.firstRange(of: Array("$<".utf8)),
              let end = bytes[start.upperBound...].firstIndex(of: UInt8(ascii: ">")) {
            bytes.removeSubrange(start.lowerBound...end)
        }
        return bytes
    }

    /// False on terminals such as the Linux console and the VT100, which have one screen only.
    private static var hasAlternateScreen: Bool {
        guard let leave = cn_string_capability("rmcup") else { return false }
        return leave.pointee != 0
    }

    /// Wide characters need a UTF-8 locale; take the user's, and fall back to C.UTF-8 when theirs
    /// is not UTF-8 (as under a bare `env -i`), since every terminal we target speaks UTF-8.
    private static func selectUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().filter({ $0 != "-" }) != "UTF8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
