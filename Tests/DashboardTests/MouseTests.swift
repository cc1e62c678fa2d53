import AsyncDemoCore
import Lessons
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Presses and the wheel as the backend reports them, through the model's one door, landing on
/// what the view draws where they land.
@Suite("Mouse")
struct MouseTests {
    private func fedModel() async -> DashboardModel { await Fixtures.modelWithLongLog() }

    /// The screen row the Tasks pane draws its `index`th task row on, found in the render.
    private func screenRow(of task: TaskInfo, in model: DashboardModel) throws -> Int {
        let lines = DashboardView.render(model, theme: .monochrome).textLines()
        return try #require(lines.firstIndex { $0.dropFirst(50).hasPrefix("│ #\(task.id.rawValue) ") })
    }

    @Test func a_press_on_a_task_row_selects_it_and_a_second_press_opens_it() async throws {
        var model = await fedModel()
        let third = model.taskRows[2]
        let y = try screenRow(of: third, in: model)
        let effects = model.update(.mouse(MouseEvent(.press, x: 70, y: y)))
        #expect(effects.isEmpty)
        #expect(model.taskView.selected == third.id && model.overlay == nil)
        let text = DashboardView.render(model, theme: .monochrome)
        #expect(text[60, y].style == Theme.monochrome.highlight, "the pressed row is drawn selected")

        _ = model.update(.mouse(MouseEvent(.press, x: 52, y: y)))
        #expect(model.overlay == .taskDetail(third.id), "a press on the selected row (a double-click's second) opens it")
    }

    @Test func the_first_press_on_another_pane_only_focuses_it_and_selects() async throws {
        var model = await fedModel()
        model.setFocus(.log)
        let top = model.taskRows[0]
        let y = try screenRow(of: top, in: model)
        _ = model.update(.mouse(MouseEvent(.press, x: 60, y: y)))
        #expect(model.focusedPane == .tasks && model.taskView.selected == top.id && model.overlay == nil)
        _ = model.update(.mouse(MouseEvent(.press, x: 60, y: y)))
        #expect(model.overlay == .taskDetail(top.id))
    }

    @Test func a_press_on_a_pane_focuses_it_and_outside_every_pane_does_nothing() async {
        var model = await fedModel()
        _ = model.update(.mouse(MouseEvent(.press, x: 70, y: 5)))
        #expect(model.focusedPane == .workers)
        _ = model.update(.mouse(MouseEvent(.press, x: 10, y: 20)))
        #expect(model.focusedPane == .queue)
        _ = model.update(.mouse(MouseEvent(.press, x: 10, y: 29)))
        _ = model.update(.mouse(MouseEvent(.press, x: 10, y: 0)))
        #expect(model.focusedPane == .queue, "the footer and the header are no pane")
        #expect(model.overlay == nil && model.commands.isEmpty)
    }

    @Test func the_wheel_scrolls_the_log_under_the_pointer_and_leaves_the_focus() async {
        var model = await fedModel()
        _ = model.update(.mouse(MouseEvent(.wheelUp, x: 20, y: 6)))
        _ = model.update(.mouse(MouseEvent(.wheelUp, x: 20, y: 6)))
        #expect(model.logView.scrollBack == 2 * DashboardModel.wheelStep)
        #expect(model.focusedPane == .tasks)
        let status = DashboardView.render(model, theme: .monochrome).textLines()[2]
        #expect(status.contains("84-94 of 100 · End follows"))
        _ = model.update(.mouse(MouseEvent(.wheelDown, x: 20, y: 6)))
        #expect(model.logView.scrollBack == DashboardModel.wheelStep)
    }

    @Test func the_wheel_over_the_tasks_moves_the_selection() async {
        var model = await fedModel()
        _ = model.update(.mouse(MouseEvent(.wheelDown, x: 70, y: 20)))
        #expect(model.taskView.selected == model.taskRows[DashboardModel.wheelStep].id)
        #expect(model.logView.scrollBack == 0)
    }

    @Test func zoomed_a_press_anywhere_in_the_body_lands_on_the_zoomed_pane() async throws {
        var model = await fedModel()
        _ = model.update(.key(.character("z")))
        let top = model.taskRows[0]
        let lines = DashboardView.render(model, theme: .monochrome).textLines()
        let y = try #require(lines.firstIndex { $0.hasPrefix("│ #\(top.id.rawValue) ") })
        #expect(y == 3, "zoomed, the Tasks' first row is under the header, the frame and the headings")
        _ = model.update(.mouse(MouseEvent(.press, x: 5, y: y)))
        #expect(model.overlay == .taskDetail(top.id), "the focused pane's highlighted row, pressed, opens")
    }

    @Test func in_the_lesson_menu_a_press_highlights_an_example_and_a_second_runs_it() async throws {
        var model = await fedModel()
        _ = model.update(.key(.character("m")))
        let lines = DashboardView.render(model, theme: .monochrome).textLines()
        let second = LessonCatalog.lessons[0].examples[1]
        let y = try #require(lines.firstIndex { $0.contains(" \(second.id) ") && $0.contains(second.title) })
        let x = try #require(lines[y].firstRange(of: second.id)).lowerBound.utf16Offset(in: lines[y])
        _ = model.update(.mouse(MouseEvent(.press, x: x, y: y)))
        #expect(model.lessonMenu.highlighted == 1 && model.overlay == .lessonMenu)
        let effects = model.update(.mouse(MouseEvent(.press, x: x, y: y)))
        let pick = LessonPick(lessonIndex: 0, exampleIndex: 1, run: 1)
        #expect(effects == [.perform(.startLesson(pick))] && model.scene == LessonScene(pick: pick) && model.overlay == nil)
    }

    @Test func the_help_and_the_detail_take_no_presses() async {
        var model = await fedModel()
        _ = model.update(.key(.character("?")))
        _ = model.update(.mouse(MouseEvent(.press, x: 70, y: 5)))
        #expect(model.overlay == .help && model.focusedPane == .tasks)
    }
}
