import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The Tasks pane's order: names sort as a person reads them, the arrow means the same for every
/// column, and a finished task's AGE stops when it ended.
@Suite("Tasks pane: sort and age")
struct TaskSortTests {
    @Test func names_sort_naturally() {
        let names = ["w10", "w2", "W3", "w1", "job-10", "job-2", "w02", "w", "w1a"]
        let sorted = names.sorted { NaturalOrder.compare($0, $1) < 0 }
        #expect(sorted == ["job-2", "job-10", "w", "w1", "w1a", "w02", "w2", "W3", "w10"])
        #expect(NaturalOrder.compare("w2", "w10") < 0 && NaturalOrder.compare("w10", "w2") > 0)
        #expect(NaturalOrder.compare("w2", "w2") == 0)
        #expect(NaturalOrder.compare("下载2", "下载10") < 0, "digits after wide characters too")
    }

    @Test func the_name_column_lists_w2_before_w10() async {
        var model = DashboardModel(size: Size(width: 100, height: 30))
        model.tasks = await Fixtures.board((1...12).map { "w\($0)" })
        model.apply(.sortByNextColumn)
        #expect(model.taskView.sortColumn == .name)
        #expect(model.taskRows.map(\.name) == (1...12).map { "w\($0)" })
    }

    /// ▾ means largest first and ▴ smallest first, whichever the column, inverted or not.
    @Test(arguments: TaskColumn.allCases, [false, true])
    func the_arrow_says_which_way_the_column_runs(column: TaskColumn, inverted: Bool) async {
        var view = TaskView()
        view.sortColumn = column
        view.inverted = inverted
        let snapshot = await Fixtures.board(["w1", "p1", "c1", "job-1", "w2", "p2", "w10", "c2"], finished: 3)
        let rows = view.rows(of: snapshot)
        let arrow = TasksPane.sortArrow(view)
        for (a, b) in zip(rows, rows.dropFirst()) {
            let order = TaskView.compare(a, b, by: column, now: snapshot.takenAt)
            #expect(arrow == "▾" ? order >= 0 : order <= 0, "\(column) \(arrow): \(a.name) then \(b.name)")
        }
        #expect(arrow == ((column == .id || column.isBreakdown) != inverted ? "▾" : "▴"),
                "only the id's and the time breakdown's natural orders are descending")
    }

    @Test func a_finished_tasks_age_stops_at_its_end() async throws {
        let snapshot = await Fixtures.board(["w1", "p1", "c1"], finished: 1)
        let done = try #require(snapshot.recentlyFinished.first)
        let live = try #require(snapshot.live.first)
        let lived = done.stateSince - done.createdAt
        for later in [Duration.zero, .seconds(30), .seconds(600)] {
            let now = snapshot.takenAt.advanced(by: later)
            #expect(TasksPane.cell(.age, of: done, now: now) == Format.seconds(lived))
            #expect(TasksPane.cell(.age, of: live, now: now) == Format.seconds(now - live.createdAt))
        }
        var model = DashboardModel(size: Size(width: 100, height: 30))
        model.tasks = snapshot
        model.simulationNow = snapshot.takenAt.advanced(by: .seconds(600))
        var buffer = ScreenBuffer(size: Size(width: 60, height: 6))
        TasksPane.render(model, theme: .color, in: Rect(size: buffer.size), buffer: &buffer)
        let row = try #require(ScreenExport.render(buffer, as: .text).split(separator: "\n").first { $0.contains("done") })
        #expect(row.hasSuffix(Format.seconds(lived)), "\(row)")
    }
}
