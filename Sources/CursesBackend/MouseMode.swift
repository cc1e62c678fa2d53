import CNcurses

/// ncurses' mouse support, asked for presses and the wheel only. On xterm-like terminals ncurses
/// turns on what the terminfo entry's XM says: for xterm-256color `CSI ? 1006 ; 1000 h`, SGR
/// reports of presses and releases (mode 1000), never drags (1002) or every motion (1003); so
/// such terminals keep Shift-drag (and Shift-click) for their own selection.
enum MouseMode {
    /// Turns reporting on; returns the bytes that turn it off again, empty when the terminal
    /// has no mouse ncurses knows of.
    @MainActor
    static func enable() -> [UInt8] {
        // No click resolution: ncurses would hold each press back for the interval, reading
        // ahead on the main actor, to see whether a release or a second click follows. A
        // double-click is two presses to the app (a select, then an open).
        mouseinterval(0)
        let wanted = cn_mouse_left_press() | cn_mouse_wheel_up() | cn_mouse_wheel_down()
        guard mousemask(mmask_t(wanted), nil) != 0 else { return [] }
        return Array(String(cString: cn_xterm_mouse_sequence(0)).utf8)
    }
}
