import Foundation
import Testing
import TerminalKit
@testable import Dashboard
@testable import Simulation

/// Reading the Log pane: the filter (smart case, a fresh one each `/`, "no match" said, the keys
/// that end it shown), where the lines shown are, error and warning lines, wrapping long lines.
@Suite("Log pane: filter, orientation, levels and wrapping")
struct LogPaneReadingTests {
    private static func snapshot(_ lines: [String]) -> LogSnapshot {
        var snapshot = LogSnapshot(path: "activity.log")
        snapshot.status = .following
        snapshot.lines = LineHistory(lines)
        snapshot.totalLines = lines.count
        snapshot.linesPerSecond = 3
        return snapshot
    }

    private static func model(_ lines: [String], size: Size = Size(width: 100, height: 30)) -> DashboardModel {
        var model = DashboardModel(size: size)
        model.receive(snapshot(lines))
        // The keys of these tests are the Log pane's: `/` filters it, the page keys scroll it.
        model.setFocus(.log)
        return model
    }

    /// The Log pane's rows (the grid's top-left pane at 100x30: columns 2 to 47, status on row 2).
    private static func logRows(_ screen: ScreenBuffer) -> [String] {
        screen.textLines().dropFirst(2).prefix(12).map {
            String(String($0.dropFirst(2).prefix(46)).reversed().drop { $0 == " " }.reversed())
        }
    }

    private static func type(_ text: String, into model: inout DashboardModel) {
        for character in text { model.handle(.character(character)) }
    }

    // MARK: The filter

    @Test func the_filter_ignores_case_unless_it_has_a_capital_letter() {
        var view = LogView()
        view.filter = "error"
        #expect(view.passes("00:00:01.000 error job 3 failed") && view.passes("ERROR: disk") && view.passes("an Error"))
        #expect(!view.passes("all fine"))
        view.filter = "Error"
        #expect(view.passes("an Error") && !view.passes("00:00:01.000 error job 3 failed") && !view.passes("ERROR"))
        view.filter = "ÉTÉ"
        #expect(view.passes("l'ÉTÉ") && !view.passes("l'été"))
        view.filter = "été"
        #expect(view.passes("l'ÉTÉ") && view.passes("l'été"), "without a capital, case is ignored beyond ASCII too")
    }

    @Test func each_match_is_highlighted_whatever_its_case() {
        var model = Self.model(["a Beta and a BETA", "gamma"])
        model.logView.filter = "beta"
        let screen = DashboardView.render(model, theme: .color)
        let row = try! #require(screen.textLines().firstIndex { $0.contains("a Beta and a BETA") })
        let highlighted = (0..<screen.size.width).filter { screen[$0, row].style == Theme.color.highlight }
        #expect(highlighted.count == 8)
        #expect(!screen.textLines().contains { $0.contains("gamma") })
    }

    @Test func slash_starts_a_fresh_filter_instead_of_appending_to_the_old_one() {
        var model = Self.model((1...30).map { "line \($0)" })
        model.handle(.character("/"))
        Self.type("line 2", into: &model)
        model.handle(.enter)
        #expect(model.logView.filter == "line 2")
        model.handle(.character("/"))
        #expect(model.logView.draft == "", "the draft starts empty")
        #expect(model.logView.filter == "line 2", "the applied filter stays while the new one is typed")
        Self.type("line 3", into: &model)
        model.handle(.enter)
        #expect(model.logView.filter == "line 3")
    }

    @Test func escape_while_typing_keeps_the_applied_filter_and_escape_again_clears_it() {
        var model = Self.model((1...30).map { "line \($0)" })
        model.handle(.character("/"))
        Self.type("line 2", into: &model)
        model.handle(.enter)
        model.handle(.character("/"))
        Self.type("xyz", into: &model)
        model.handle(.escape)
        #expect(model.logView.draft == nil && model.logView.filter == "line 2")
        model.handle(.escape)
        #expect(model.logView.filter == nil)
    }

    @Test func while_typing_the_status_row_is_the_prompt_with_the_keys_that_end_it() {
        var model = Self.model(["one", "two"])
        model.handle(.character("/"))
        Self.type("tw", into: &model)
        let rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows[0].hasPrefix("filter: tw▏  Enter applies · Esc cancels"), "\(rows[0])")
    }

    @Test func an_applied_filter_says_how_to_clear_it() {
        var model = Self.model(["one", "two"])
        model.logView.filter = "tw"
        #expect(Self.logRows(DashboardView.render(model, theme: .color))[0] == "following · filter “tw” · Esc clears")
    }

    @Test func a_filter_that_matches_nothing_says_so() {
        var model = Self.model(["one", "two"])
        model.logView.filter = "zebra"
        let rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows.contains { $0.contains("no line matches “zebra” · Esc clears") }, "\(rows)")
        #expect(!rows.contains { $0.contains("one") })
    }

    /// Live, the dashboard logs the filter it applied, and that line contains the filter: it
    /// matched itself, so "no line matches" never showed in a real terminal.
    @Test func the_note_of_the_applied_filter_is_not_a_match_of_it() {
        var model = Self.model(["00:00:01.000 info  spawned w1 (#1) kind=worker"])
        var effects: [Effect] = []
        for key in [KeyEvent.character("/")] + "zebra".map(KeyEvent.character) + [.enter] {
            effects += model.update(.key(key))
        }
        let notes = effects.compactMap { if case .note(let text) = $0 { text } else { nil } }
        #expect(notes == ["log filter set to \"zebra\""])
        let logged = ActivityLine.text(stamp: "00:00:02.000", level: "info", message: notes[0])
        model.receive(Self.snapshot(["00:00:01.000 info  spawned w1 (#1) kind=worker", logged]))
        let rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows.contains { $0.contains("no line matches “zebra” · Esc clears") }, "\(rows)")
        var view = LogView()
        view.filter = "zebra"
        #expect(view.passes("00:00:03.000 info  zebra seen"), "other lines with the text still match")
        #expect(view.passes(ActivityLine.text(stamp: "00:00:04.000", level: "info", message: "log filter set to \"zebras\"")),
                "the note of another filter is a line like any other")
    }

    // MARK: Where the lines shown are

    @Test func the_status_row_says_which_lines_are_shown_and_marks_show_more_above_and_below() {
        var model = Self.model((1...40).map { "line \($0)" })
        var rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows[0] == "following · 3 lines/s · 30-40 of 40")
        #expect(rows[1] == "line 30" + String(repeating: " ", count: 38) + "▲")
        #expect(!rows.joined().contains("▼"), "following: nothing below")
        model.handle(.pageUp)
        rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows[0] == "following · 19-29 of 40 · End follows", "the line rate gives way first")
        #expect(rows[1].hasPrefix("line 19") && rows[1].hasSuffix("▲"))
        #expect(rows[11].hasPrefix("line 29") && rows[11].hasSuffix("▼"))
        model.handle(.home)
        rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows[0] == "following · 1-11 of 40 · End follows")
        #expect(!rows[1].contains("▲") && rows[11].hasSuffix("▼"), "the oldest line kept: nothing above")
    }

    @Test func a_log_that_fits_shows_no_position_and_no_marks() {
        let rows = Self.logRows(DashboardView.render(Self.model(["one", "two"]), theme: .color))
        #expect(rows[0] == "following · 3 lines/s")
        #expect(!rows.joined().contains("▲") && !rows.joined().contains("▼"))
    }

    @Test func with_a_filter_the_position_counts_the_matching_lines() {
        var model = Self.model((1...100).map { "line \($0)" })
        model.logView.filter = "line 1"  // 1, 10-19, 100: 12 lines
        #expect(Self.logRows(DashboardView.render(model, theme: .color))[0] == "following · filter “line 1” · 2-12 of 12")
    }

    // MARK: Error and warning lines

    @Test(arguments: ["colour", "monochrome"])
    func error_and_warning_lines_stand_out_in_colour_and_without(name: String) {
        let theme = name == "colour" ? Theme.color : Theme.monochrome
        let lines = ["00:00:01.000 error job 3 failed", "00:00:02.000 warning replacing failed worker w3",
                     "00:00:03.000 info  permit granted"]
        let screen = DashboardView.render(Self.model(lines), theme: theme)
        let text = screen.textLines()
        func style(of word: String, inLineWith marker: String) -> Style {
            let row = text.firstIndex { $0.contains(marker) }!
            let column = CharacterWidth.of(text[row][..<text[row].range(of: word)!.lowerBound])
            return screen[column, row].style
        }
        #expect(style(of: "error", inLineWith: "job 3") == theme.error, "\(name)")
        #expect(style(of: "warning", inLineWith: "replacing") == theme.warning, "\(name)")
        #expect(style(of: "info", inLineWith: "permit") == theme.text, "\(name)")
        #expect(style(of: "permit", inLineWith: "permit") == theme.text, "\(name)")
        #expect(theme.error != theme.text && theme.warning != theme.text && theme.error != theme.warning)
        if name == "colour" {
            #expect(style(of: "job", inLineWith: "job 3").foreground == .red)
            #expect(style(of: "replacing", inLineWith: "replacing").foreground == .yellow)
        }
    }

    @Test func a_followed_files_words_are_not_taken_for_levels() {
        let screen = DashboardView.render(Self.model(["error: not an activity line", "12:00:00 error short stamp"]), theme: .color)
        let row = screen.textLines().firstIndex { $0.contains("error: not") }!
        #expect((0..<screen.size.width).allSatisfy { screen[$0, row].style != Theme.color.error })
    }

    // MARK: Long lines

    @Test func v_wraps_long_lines_onto_the_rows_below_and_back() {
        let long = "00:00:01.000 info  " + (1...30).map { "word\($0)" }.joined(separator: " ")
        var model = Self.model(["short", long])
        var rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows[2] == String(long.prefix(46)), "cut at the pane's edge")
        #expect(rows[3].isEmpty)
        model.handle(.character("v"))
        #expect(model.logView.wrapsLines)
        rows = Self.logRows(DashboardView.render(model, theme: .color))
        #expect(rows[0] == "following · 3 lines/s · wrapped")
        let continued = rows[2...].prefix { !$0.isEmpty }
        #expect(continued.count == 5)
        #expect(continued.dropLast().allSatisfy { $0.count == 46 })
        #expect(continued.joined() == long, "every character, in order, none lost at a row's end")
        #expect(rows[1].hasPrefix("short"))
        model.handle(.character("v"))
        #expect(Self.logRows(DashboardView.render(model, theme: .color))[2] == String(long.prefix(46)))
    }

    @Test func wrapping_never_splits_a_wide_character_and_keeps_the_newest_rows() {
        let wide = String(repeating: "漢", count: 60)  // 120 cells: 3 rows of 23 characters (46 cells) at most
        var model = Self.model((1...20).map { "line \($0)" } + [wide])
        model.logView.wrapsLines = true
        let screen = DashboardView.render(model, theme: .color)
        let rows = Self.logRows(screen)
        #expect(rows[9] == String(repeating: "漢", count: 23) || rows[9].hasPrefix(String(repeating: "漢", count: 23)))
        #expect(rows[11].hasPrefix(String(repeating: "漢", count: 14)))
        #expect(rows[1].hasPrefix("line 13") && rows[1].hasSuffix("▲"))
        for line in screen.textLines() { #expect(CharacterWidth.of(line) <= 100) }
    }
}
