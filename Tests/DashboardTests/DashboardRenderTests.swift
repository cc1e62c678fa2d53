import Testing
import TerminalKit
@testable import Dashboard
@testable import Simulation

@Suite("Dashboard renders")
struct DashboardRenderTests {
    private func model(_ width: Int, _ height: Int, uptime: Duration = .seconds(75)) -> DashboardModel {
        var model = DashboardModel(size: Size(width: width, height: height))
        model.uptime = uptime
        model.framesPerSecond = 30
        return model
    }

    private func text(_ model: DashboardModel, theme: Theme = .color) -> String {
        ScreenExport.render(DashboardView.render(model, theme: theme), as: .text)
    }

    @Test func wide_terminal_shows_the_four_panes_in_a_grid() throws {
        try GoldenFile.check(text(model(100, 30)), named: "dashboard-100x30.txt")
    }

    @Test func narrow_terminal_stacks_the_panes() throws {
        try GoldenFile.check(text(model(60, 20)), named: "dashboard-60x20.txt")
    }

    @Test func colours_and_attributes_of_the_wide_layout() throws {
        try GoldenFile.check(ScreenExport.render(DashboardView.render(model(100, 30), theme: .color), as: .ansi),
                             named: "dashboard-100x30.ansi")
    }

    @Test func the_monochrome_theme_uses_no_colour_at_all() {
        let screen = DashboardView.render(model(100, 30), theme: .monochrome)
        #expect(screen.cells.allSatisfy { $0.style.foreground == .standard && $0.style.background == .standard })
        #expect(screen.cells.contains { $0.style.attributes.contains(.reverse) })
    }

    @Test func help_overlay_lists_every_binding_of_the_key_map() throws {
        // Tall enough for the whole help: at 80x24 it scrolls (HelpAndHeaderTests).
        var help = model(200, 60)
        help.apply(.toggleHelp)
        let rendered = text(help)
        for binding in KeyMap.allBindings {
            if let sentence = binding.help {
                #expect(rendered.contains(sentence), "help lacks: \(sentence)")
                #expect(rendered.contains(binding.keyLabel))
            } else {
                // The second of a pair: its key is named on its partner's line.
                let label = binding.keys[0].label
                #expect(KeyMap.allBindings.contains { $0.pairKeys?.split(separator: " ").contains(Substring(label)) == true },
                        "no help line names \(label)")
            }
        }
        try GoldenFile.check(rendered, named: "help-100x30.txt")
    }

    @Test func paused_header_says_so() {
        var paused = model(100, 30)
        paused.apply(.togglePause)
        let header = DashboardView.render(paused, theme: .color).textLines()[0]
        #expect(header.hasSuffix(" PAUSED "))
        #expect(header.contains("up 0:01:15"))
    }

    @Test func the_header_counts_dropped_events_only_when_there_are_some() {
        var dropping = model(120, 30)
        #expect(!DashboardView.render(dropping, theme: .color).textLines()[0].contains("dropped"))
        dropping.droppedEvents = 42
        #expect(DashboardView.render(dropping, theme: .color).textLines()[0].contains("│ 42 events dropped"))
    }

    @Test func too_small_terminal_shows_what_it_needs_and_has() throws {
        try GoldenFile.check(text(model(30, 8)), named: "too-small-30x8.txt")
        #expect(text(model(39, 30)).contains("need at least 40x12"))
        #expect(text(model(100, 11)).contains("have 100x11"))
    }

    @Test(arguments: [(1, 1), (0, 0), (2, 1), (1, 5), (40, 12), (41, 13), (99, 30), (100, 12), (300, 80)])
    func any_size_renders_without_crashing_and_fills_exactly_the_screen(width: Int, height: Int) {
        let screen = DashboardView.render(model(width, height), theme: .color)
        #expect(screen.size == Size(width: width, height: height))
        #expect(screen.textLines().allSatisfy { CharacterWidth.of($0) <= width })
    }

    @Test func footer_is_always_the_last_row_and_lists_the_footer_keys() {
        for size in [(100, 30), (60, 20), (40, 12)] {
            let lines = DashboardView.render(model(size.0, size.1), theme: .color).textLines()
            #expect(lines.last?.hasPrefix(" q  quit") == true)
        }
    }

    @Test func pane_titles_appear_in_grid_order() {
        let lines = DashboardView.render(model(100, 30), theme: .color).textLines()
        #expect(lines[1].contains("┌ Log ") && lines[1].contains("┌ Workers "))
        #expect(lines.contains { $0.contains("┌ Queue ") && $0.contains("┌ Tasks ") })
    }
}
