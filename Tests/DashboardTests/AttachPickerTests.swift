import TerminalKit
import Testing

@testable import Dashboard

/// The list `attach` shows at a terminal when several programs can be attached to: keys move
/// and choose, the lines say what is highlighted.
@Suite("The attach picker")
struct AttachPickerTests {
    static let programs = [
        AttachPicker.Program(pid: 4242, name: "shop", since: "18:04:12"),
        AttachPicker.Program(pid: 77, name: "probe-sample", since: "18:10:00"),
        AttachPicker.Program(pid: 9001, name: "worker", since: "19:00:59"),
    ]

    @Test func the_lines_list_pid_name_and_since_with_the_first_highlighted() {
        let picker = AttachPicker(programs: Self.programs)
        #expect(picker.lines(height: 24) == [
            "Attach to which program?",
            "  PID   NAME          SINCE",
            "▸ 4242  shop          18:04:12",
            "  77    probe-sample  18:10:00",
            "  9001  worker        19:00:59",
            "",
            AttachPicker.keys,
        ])
        #expect(picker.outcome == .undecided)
    }

    @Test func arrows_and_j_k_move_within_the_list_and_enter_attaches_to_the_highlighted() {
        var picker = AttachPicker(programs: Self.programs)
        picker.press(.up)
        #expect(picker.highlighted == 0, "the top is as far up as it goes")
        picker.press(.down)
        picker.press(.character("j"))
        picker.press(.character("j"))
        #expect(picker.highlighted == 2, "the bottom is as far down as it goes")
        picker.press(.character("k"))
        #expect(picker.lines(height: 24)[3].hasPrefix("▸ 77 "))
        picker.press(.enter)
        #expect(picker.outcome == .attach(pid: 77))
        picker.press(.down)
        #expect(picker.outcome == .attach(pid: 77), "once chosen, keys change nothing")
    }

    @Test(arguments: [KeyEvent.character("q"), .escape])
    func q_or_esc_attaches_to_nothing(key: KeyEvent) {
        var picker = AttachPicker(programs: Self.programs)
        picker.press(.down)
        picker.press(key)
        #expect(picker.outcome == .cancelled)
    }

    @Test func a_list_taller_than_the_screen_keeps_the_highlighted_row_in_view() {
        let many = (1...30).map { AttachPicker.Program(pid: Int32($0), name: "p\($0)", since: "00:00:00") }
        var picker = AttachPicker(programs: many)
        for _ in 0..<25 { picker.press(.down) }
        let lines = picker.lines(height: 10)
        #expect(lines.count == 10)
        #expect(lines.contains { $0.hasPrefix("▸ 26 ") })
        picker.press(.end)
        #expect(picker.lines(height: 10)[7].hasPrefix("▸ 30 "))
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func the_screen_shows_the_lines_and_styles_the_highlighted_row(size: Size) {
        let picker = AttachPicker(programs: Self.programs)
        let screen = picker.render(size: size, theme: .color)
        let lines = screen.textLines()
        #expect(lines.count == size.height && lines.allSatisfy { CharacterWidth.of($0) == size.width })
        #expect(lines[2].hasPrefix("▸ 4242  shop"))
        #expect(lines[6].hasPrefix(AttachPicker.keys))
        let plain = picker.render(size: size, theme: .monochrome).textLines()
        #expect(plain == lines, "NO_COLOR shows the same words")
    }
}
