import CNcurses
import TerminalKit

/// Turns what `wget_wch` returned into a key, or nil for codes the app has no use for.
enum KeyDecoding {
    static func character(_ code: UInt32) -> KeyEvent? {
        switch code {
        case 27: return .escape
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(code + 96)!))
        default:
            guard let scalar = Unicode.Scalar(code), code >= 32 else { return nil }
            return .character(Character(scalar))
        }
    }

    static func functionKey(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case (KEY_F0 + 1)...(KEY_F0 + 24): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// A left press or a wheel notch, in cells from the top-left; nil for releases, other
    /// buttons, and anything with Shift, Ctrl or Alt held, which is the terminal's own (a
    /// terminal that reports a Shift-click at all still selects text with it).
    static func mouse(_ report: MEVENT) -> MouseEvent? {
        let state = report.bstate
        guard state & cn_mouse_modifiers() == 0 else { return nil }
        let kind: MouseEvent.Kind
        if state & cn_mouse_left_press() != 0 {
            kind = .press
        } else if state & cn_mouse_wheel_up() != 0 {
            kind = .wheelUp
        } else if state & cn_mouse_wheel_down() != 0 {
            kind = .wheelDown
        } else {
            return nil
        }
        return MouseEvent(kind, x: Int(report.x), y: Int(report.y))
    }
}
