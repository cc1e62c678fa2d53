import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Tab, Shift-Tab and `z` through the model's one door, and what the navigation keys mean in
/// the focused pane.
@Suite("Focus and zoom")
struct FocusTests {
    private func fedModel(_ size: Size = Size(width: 100, height: 30)) async -> DashboardModel {
        await Fixtures.modelWithLongLog(size)
    }

    @Test func tab_goes_round_the_panes_in_screen_order_and_shift_tab_goes_back() async {
        var model = await fedModel()
        #expect(model.focusedPane == .tasks, "the Tasks have the focus at the start: the arrows select in them")
        var visited: [PaneID] = []
        for _ in 0..<4 {
            _ = model.update(.key(.tab))
            visited.append(model.focusedPane)
        }
        #expect(visited == [.log, .workers, .queue, .tasks])
        _ = model.update(.key(.backTab))
        #expect(model.focusedPane == .queue)
    }

    @Test func the_focused_pane_is_framed_and_marked_also_without_colour() async {
        var model = await fedModel()
        for theme in [Theme.color, .monochrome] {
            let screen = DashboardView.render(model, theme: theme)
            let lines = screen.textLines()
            let tasksTitle = lines.first { $0.contains("┌ Tasks — ") } ?? ""
            #expect(tasksTitle.contains("Tasks — 6 live · all ◀ "), "the mark follows the title")
            #expect(!lines[1].contains("◀"), "the Log is not focused")
            let corner = screen[50, 15]
            #expect(corner.character == "┌" && corner.style == theme.focus, "the Tasks' frame in the focus style")
            #expect(screen[0, 1].style == theme.frame, "the Log's frame as before")
        }
        _ = model.update(.key(.tab))
        let lines = DashboardView.render(model, theme: .monochrome).textLines()
        #expect(lines[1].hasPrefix("┌ Log — app.log ◀ "))
        #expect(!lines.contains { $0.contains("┌ Tasks") && $0.contains("◀") })
    }

    @Test func only_a_frame_glyph_on_its_own_takes_the_focus_style() {
        for glyph: Character in ["┌", "┐", "└", "┘", "─", "│"] { #expect(FocusFrame.isFrame(glyph)) }
        #expect(!FocusFrame.isFrame("─\u{301}"), "a frame glyph with a combining mark is a title's character")
        for other: Character in ["-", "|", "━", "◀", " ", "a"] { #expect(!FocusFrame.isFrame(other)) }
    }

    @Test func the_arrows_select_tasks_or_scroll_the_log_whichever_has_the_focus() async throws {
        var model = await fedModel()
        let rows = model.taskRows
        _ = model.update(.key(.down))
        #expect(model.taskView.selected == rows[1].id && model.logView.scrollBack == 0)
        _ = model.update(.key(.pageDown))
        #expect(model.taskView.selected == rows.last?.id, "a page of the Tasks pane is more than its 8 rows")
        _ = model.update(.key(.home))
        #expect(model.taskView.selected == rows.first?.id)
        #expect(model.logView.scrollBack == 0, "PgDn and Home left the Log alone")

        _ = model.update(.key(.tab))
        _ = model.update(.key(.up))
        _ = model.update(.key(.character("k")))
        #expect(model.logView.scrollBack == 2 && model.taskView.selected == rows.first?.id)
        _ = model.update(.key(.pageUp))
        #expect(model.logView.scrollBack == 2 + model.logPageSize)
        _ = model.update(.key(.end))
        #expect(model.logView.isFollowing)
    }

    @Test func in_the_workers_and_queue_the_navigation_keys_keep_their_own_panes_meaning() async {
        var model = await fedModel()
        model.setFocus(.workers)
        _ = model.update(.key(.down))
        _ = model.update(.key(.pageUp))
        #expect(model.taskView.selected == model.taskRows[1].id && model.logView.scrollBack == model.logPageSize)
    }

    @Test func slash_means_one_thing_per_pane_and_filters_the_log_where_it_has_the_focus() async {
        for pane in [PaneID.log, .workers, .queue, .tasks, .scene] {
            #expect(KeyMap.routed(.startLogFilter, focus: pane) == KeyMap.searchAction(for: pane))
        }
        var model = await fedModel()
        model.setFocus(.log)
        _ = model.update(.key(.character("/")))
        #expect(model.logView.draft == "")
        _ = model.update(.key(.escape))
        model.setFocus(.tasks)
        _ = model.update(.key(.character("/")))
        #expect(model.taskView.search.isTyping && model.logView.draft == nil, "with the Tasks focused, / searches them")
        #expect(DashboardView.render(model, theme: .monochrome).textLines().last?.hasPrefix(" Enter  apply search  Esc  cancel ") == true)
    }

    @Test func z_zooms_the_focused_pane_to_the_whole_body_and_back() async throws {
        var model = await fedModel()
        let page = model.logPageSize
        _ = model.update(.key(.tab))
        _ = model.update(.key(.character("z")))
        #expect(model.zoomedPane == .log)
        let layout = DashboardLayout.of(model)
        #expect(layout.panes == [DashboardLayout.Pane(id: .log, area: layout.body)])
        #expect(model.logPageSize == 28 - 3, "a page is the zoomed pane's height")
        #expect(model.logPageSize > page)
        _ = model.update(.key(.tab))
        #expect(model.zoomedPane == .workers, "zoomed, Tab shows the next pane zoomed")
        _ = model.update(.key(.character("z")))
        #expect(model.zoomedPane == nil && model.focusedPane == .workers)
        #expect(DashboardLayout.of(model).panes.count == 4)
    }

    @Test func a_scene_takes_the_focus_z_zooms_it_and_ending_it_gives_the_focus_back() async throws {
        var model = await fedModel(Size(width: 120, height: 36))
        model.setFocus(.log)
        _ = model.update(.key(.character("1")))
        #expect(model.focusedPane == .scene)
        #expect(model.focusRing == [.scene, .workers, .tasks], "the scene covers the Log and the Queue")
        _ = model.update(.key(.character("z")))
        #expect(model.zoomedPane == .scene)
        let screen = DashboardView.render(model, theme: .monochrome).textLines()
        #expect(screen[1].hasPrefix("┌ Lesson — basics / ") && screen[1].contains("◀ zoomed, z restores"))
        #expect(!screen.contains { $0.contains("┌ Tasks") || $0.contains("┌ Workers") })
        _ = model.update(.key(.escape))
        #expect(model.scene == nil && model.focusedPane == .log && model.zoomedPane == nil)
    }

    @Test func a_new_scene_takes_the_focus_even_from_a_pane_beside_it() async {
        var model = await fedModel(Size(width: 120, height: 36))
        _ = model.update(.key(.character("1")))
        model.setFocus(.tasks)
        _ = model.update(.key(.character("2")))
        #expect(model.focusedPane == .scene)
    }
}

/// The footer names the keys of where the person is.
@Suite("Footer by context")
struct FooterTests {
    private func footer(_ model: DashboardModel) -> String {
        DashboardView.render(model, theme: .monochrome).textLines(trimmingTrailingSpaces: true).last ?? ""
    }

    /// At any width the footer ends after a whole entry: never a key without its word.
    @Test(arguments: [40, 60, 80, 100, 120, 200])
    func the_footer_shows_whole_entries_only(width: Int) async {
        let model = await Fixtures.modelWithLongLog(Size(width: width, height: 30))
        let line = footer(model)
        let entries = FooterBar.entries(for: model).map { " \($0.keys)  \($0.word) " }
        let wholes = (1...entries.count).map { String(entries.prefix($0).joined().reversed().drop { $0 == " " }.reversed()) }
        #expect(wholes.contains(line), "at \(width) columns the footer ends with a cut entry: \(line)")
    }

    @Test func each_place_has_its_own_keys() async {
        var model = await Fixtures.modelWithLongLog(Size(width: 120, height: 36))
        #expect(footer(model).hasPrefix(" q  quit  ?  help  Space  pause  Tab  focus  z  zoom "))
        _ = model.update(.key(.character("z")))
        #expect(footer(model).contains(" z  unzoom "))
        _ = model.update(.key(.character("z")))

        model.setFocus(.log)
        _ = model.update(.key(.character("/")))
        #expect(footer(model) == " Enter  apply filter  Esc  cancel  Backspace  erase")
        _ = model.update(.key(.escape))

        _ = model.update(.key(.enter))
        #expect(footer(model).hasPrefix(" Esc Enter  close  c  cancel  Space  pause "))
        _ = model.update(.key(.escape))

        _ = model.update(.key(.character("m")))
        #expect(footer(model).hasPrefix(" ↑ ↓ k j  move  Enter  run  Esc  close  1-4  a lesson "))
        _ = model.update(.key(.enter))
        #expect(footer(model).hasPrefix(" Esc  end scene  z  zoom  Tab  focus  m  lessons "), "basics/concurrent hears no g")
        model.startScene(lessonIndex: 1, exampleIndex: 5)
        #expect(model.scene?.pick.example.id == "control")
        #expect(footer(model).hasPrefix(" Esc  end scene  g G  generator  z  zoom "))

        _ = model.update(.key(.character("?")))
        #expect(footer(model) == " Esc ?  close help  ↑↓ PgUp PgDn Home End  scroll  q  quit")
    }
}
