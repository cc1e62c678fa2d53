import AsyncDemoCore
import Foundation
import Testing
import TerminalKit

@testable import Dashboard
@testable import Simulation

/// A scene's example shows its own child tasks under its lesson task in the Tasks pane's tree,
/// with the states they are really in: rendered headless at given lesson instants, as
/// `snapshot --scene basics/concurrent --after T --keys t` draws them.
@Suite("Lesson tasks in the task tree")
struct LessonTaskTreeTests {
    /// The Tasks pane's rows (from its lesson row on) of the scene after `after` simulated seconds.
    private func lessonRows(after: Duration) async -> [String] {
        let screen = await HeadlessRun.render(
            settings: ScenarioSettings(), after: after, keys: HeadlessRun.parseKeys("t")!,
            size: Size(width: 200, height: 60), theme: .monochrome, log: .activity, scene: "basics/concurrent")
        // The Tasks pane is the right-hand column; one row per line, its frame cut off.
        let rows = screen.textLines().map { line in
            String(line.split(separator: "│", omittingEmptySubsequences: false).dropLast().last ?? "")
                .trimmingCharacters(in: .whitespaces)
        }
        // The name may be cut short ("lesson basics/concurre…") when the columns are tight.
        guard let lesson = rows.firstIndex(where: { $0.contains("lesson basics/concurre") }) else { return [] }
        return [rows[lesson]] + rows[(lesson + 1)...].prefix { $0.contains("─ ") }
    }

    /// The row's words: id, name (with its guide), kind, state...
    private func words(_ row: String) -> [String] { row.split(separator: " ").map(String.init) }

    @Test func the_jobs_run_one_by_one_in_the_lesson_task_itself_so_it_has_no_children_then() async {
        // 7 s: job B of the sequential run; the lesson task does that work itself.
        let rows = await lessonRows(after: .seconds(7))
        #expect(rows.count == 1, "\(rows)")
        #expect(rows.first.map(words)?.contains("running") == true, "\(rows)")
    }

    @Test func the_concurrent_jobs_are_the_lesson_tasks_children_sleeping_while_they_work() async {
        // 9.5 s: the group started at 8 s; C (1 s) is done, A (2 s) and B (3 s) sleep on the clock.
        let rows = await lessonRows(after: .seconds(9.5))
        #expect(rows.count == 4, "\(rows)")
        #expect(words(rows[0]).contains("running"), "the lesson task waits for its group: \(rows[0])")
        // Newest id first (the pane's default sort), each under the lesson task with a guide.
        #expect(rows.dropFirst().map { words($0)[1...3].joined(separator: " ") } == ["├─ job C", "├─ job B", "└─ job A"])
        #expect(rows.dropFirst().map { words($0)[4] } == ["child", "child", "child"])
        #expect(rows.dropFirst().map { words($0)[5] } == ["done", "sleeping", "sleeping"], "\(rows)")
        #expect(words(rows[2]).contains("sleep") && words(rows[3]).contains("sleep"), "they wait on the clock")
    }

    @Test func once_the_scene_has_ended_its_tasks_are_finished_under_it() async {
        // 12 s: B, the last, ended at 11 s and the example with it.
        let rows = await lessonRows(after: .seconds(12))
        #expect(rows.count == 4, "\(rows)")
        #expect(words(rows[0]).contains("done") && !words(rows[0]).contains("running"), "\(rows[0])")
        #expect(rows.dropFirst().map { words($0)[5] } == ["done", "done", "done"], "\(rows)")
        // Finished, their age stopped at their ends: A ran 2 s, B 3 s, C 1 s.
        #expect(rows.dropFirst().map { words($0).last } == ["1.0s", "3.0s", "2.0s"], "\(rows)")
    }
}
