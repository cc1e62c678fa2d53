import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The help, the lesson menu and the header at the sizes people use: 80x24, a projector's
/// 120x36, a big screen's 200x60. Nothing that matters is cut; long lists say where they are.
@Suite("Help, menu and header at every size")
struct HelpAndHeaderTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 36), Size(width: 200, height: 60)]

    private func lines(_ model: DashboardModel) -> [String] { DashboardView.render(model, theme: .color).textLines() }

    @Test(arguments: sizes)
    func help_golden(size: Size) async throws {
        var model = await Fixtures.typicalModel(size)
        model.apply(.toggleHelp)
        try GoldenFile.check(lines(model).joined(separator: "\n"), named: "help-\(size.width)x\(size.height).txt")
    }

    @Test(arguments: sizes)
    func help_shows_every_binding_uncut_within_its_frame(size: Size) async throws {
        var model = await Fixtures.typicalModel(size)
        model.apply(.toggleHelp)
        var seen = ""
        // Every page of the help, top to bottom.
        for _ in 0..<20 {
            seen += lines(model).joined(separator: "\n") + "\n"
            model.handle(.pageDown)
        }
        let flattened = seen.split(separator: "\n").joined(separator: " ").split(separator: " ").joined(separator: " ")
        for binding in KeyMap.allBindings {
            guard let sentence = binding.help else { continue }
            let words = sentence.split(separator: " ").joined(separator: " ")
            #expect(flattened.contains(words), "at \(size) the help lacks: \(sentence)")
            #expect(seen.contains(binding.keyLabel), "at \(size) the help lacks the keys \(binding.keyLabel)")
        }
        #expect(!seen.contains("…"), "no sentence is cut")
        #expect(!seen.contains("┐┐") && !seen.contains("┘┘"), "one frame edge, not two")
    }

    @Test func at_80x24_the_help_scrolls_and_says_where_it_is() async throws {
        var model = await Fixtures.typicalModel(Size(width: 80, height: 24))
        model.apply(.toggleHelp)
        let layout = model.helpLayout
        #expect(layout.scrolls && layout.columns.count == 1)
        let total = layout.totalRows, shown = layout.visibleRows
        #expect(lines(model).contains { $0.contains(" 1-\(shown) of \(total) ▼ ") })
        #expect(!lines(model).contains { $0.contains("▲") })

        model.handle(.down)
        #expect(model.helpFirstRow == 1)
        #expect(lines(model).contains { $0.contains(" ▲ 2-\(shown + 1) of \(total) ▼ ") })
        model.handle(.character("k"))
        #expect(model.helpFirstRow == 0)
        model.handle(.up)
        #expect(model.helpFirstRow == 0, "the top is as far up as it goes")

        model.handle(.pageDown)
        #expect(model.helpFirstRow == shown - 1, "a page keeps one row of the last in view")
        model.handle(.pageUp)
        #expect(model.helpFirstRow == 0)

        model.handle(.end)
        #expect(model.helpFirstRow == total - shown)
        #expect(lines(model).contains { $0.contains(" ▲ \(total - shown + 1)-\(total) of \(total) ") })
        // The help's own mark: the Tasks pane behind it may have rows below.
        #expect(!lines(model).contains { $0.contains("of \(total) ▼") })
        model.handle(.pageDown)
        model.handle(.character("j"))
        #expect(model.helpFirstRow == total - shown, "the bottom is as far down as it goes")
        #expect(lines(model).contains { $0.contains("Home End") && $0.contains("top / bottom of the help") })
        try GoldenFile.check(lines(model).joined(separator: "\n"), named: "help-80x24-end.txt")

        model.handle(.home)
        #expect(model.helpFirstRow == 0)
        model.handle(.end)
        model.handle(.escape)
        #expect(model.overlay == nil)
        model.handle(.character("?"))
        #expect(model.overlay == .help && model.helpFirstRow == 0, "the help opens at its top")
    }

    @Test func help_keys_do_not_reach_the_panes_behind_it() async throws {
        var model = await Fixtures.typicalModel(Size(width: 80, height: 24))
        model.apply(.toggleHelp)
        for key: KeyEvent in [.down, .up, .pageDown, .pageUp, .home, .end, .character("j"), .character("k")] {
            model.handle(key)
        }
        #expect(model.taskView.selected == nil && model.logView.scrollBack == 0 && model.commands.isEmpty)
    }

    @Test func a_help_that_fits_does_not_scroll() async throws {
        var model = await Fixtures.typicalModel(Size(width: 200, height: 60))
        model.apply(.toggleHelp)
        #expect(!model.helpLayout.scrolls)
        model.handle(.pageDown)
        #expect(model.helpFirstRow == 0)
        #expect(!lines(model).contains { $0.contains(" of ") && $0.contains("▼") })
    }

    @Test(arguments: sizes)
    func lesson_menu_says_which_example_is_highlighted_and_what_is_hidden(size: Size) async throws {
        var model = await Fixtures.typicalModel(size)
        model.handle(.character("m"))
        let count = LessonMenu.entries.count
        let rows = LessonMenuOverlay.rows().count
        let scrolls = rows + 3 > size.height - 2
        let first = lines(model)
        #expect(first.contains { $0.contains(" example 1 of \(count)\(scrolls ? " ▼" : "") ") })
        #expect(!first.contains { $0.contains("▲") })
        for _ in 0..<(count / 2) { model.handle(.down) }
        let middle = lines(model)
        #expect(middle.contains { $0.contains("example \(count / 2 + 1) of \(count)") })
        if scrolls { #expect(middle.contains { $0.contains("▲ example") && $0.contains(" ▼ ") }) }
        try GoldenFile.check(middle.joined(separator: "\n"), named: "lesson-menu-\(size.width)x\(size.height).txt")
        for _ in 0..<count { model.handle(.down) }
        let last = lines(model)
        #expect(last.contains { $0.contains("\(scrolls ? "▲ " : "")example \(count) of \(count) ") })
        #expect(!last.contains { $0.contains("▼") })
    }

    /// Running, paused, and paused with dropped events, one line each.
    private func headers(_ size: Size) async -> [String] {
        var model = await Fixtures.typicalModel(size)
        model.speed = 0.25
        var result = [lines(model)[0]]
        model.apply(.togglePause)
        result.append(lines(model)[0])
        model.droppedEvents = 1234
        result.append(lines(model)[0])
        return result
    }

    @Test(arguments: sizes)
    func header_golden(size: Size) async throws {
        try GoldenFile.check((await headers(size)).joined(separator: "\n"), named: "header-\(size.width)x\(size.height).txt")
    }

    @Test(arguments: [40, 60, 80, 120, 200])
    func the_header_keeps_paused_and_the_speed_and_cuts_no_word(width: Int) async throws {
        for header in await headers(Size(width: width, height: 24)) {
            #expect(header.contains("speed ×0.25"), "\(width) columns: \(header)")
            #expect(!header.contains("…"))
            #expect(header.split(separator: "│").allSatisfy { !$0.hasSuffix("speed") })
        }
        let paused = await headers(Size(width: width, height: 24))
        #expect(paused[1].hasSuffix(" PAUSED "))
        #expect(paused[2].contains("1234 ") && paused[2].contains("dropped"), "drops are never hidden: \(paused[2])")
    }

    @Test(arguments: [40, 80, 200])
    func a_stopped_recording_is_said_in_the_header_at_every_width(width: Int) async {
        var model = await Fixtures.typicalModel(Size(width: width, height: 24))
        _ = model.update(.recordingStopped("recording stopped 14:31:11: No space left on device"))
        let header = lines(model)[0]
        #expect(header.contains("recording stopped"), "\(width) columns: \(header)")
        if width >= 80 { #expect(header.contains("recording stopped 14:31:11: No space left on device"), "\(header)") }
    }

    @Test func the_header_gives_up_the_version_and_the_frame_rate_before_the_totals() async {
        let narrow = await headers(Size(width: 80, height: 24))[0]
        #expect(!narrow.contains("0.1.0") && !narrow.contains("fps"))
        #expect(narrow.contains("up 0:00:42") && narrow.contains("run "))
        let wide = await headers(Size(width: 200, height: 60))[0]
        #expect(wide.contains("asyncdemo-tui 0.1.0") && wide.contains("30 fps") && wide.contains("spawned 8"))
    }
}
