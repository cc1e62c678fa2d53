import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The task detail: the newest transitions (the current state last) and how many older ones
/// are not shown; its task kept while it is open; the Tasks pane's words for the states.
@Suite("Task detail")
struct TaskDetailTests {
    /// A worker that went round running, waiting, running, sleeping `rounds` times and now waits
    /// for a permit (for 0.3 s), on a board keeping `limit` transitions per task.
    private func busyWorker(rounds: Int, limit: Int, retention: Duration = .seconds(10)) async
        -> (board: TaskBoard, clock: ManualTime, id: TaskID)
    {
        let clock = ManualTime(start: Fixtures.origin)
        let board = TaskBoard(configuration: .init(retention: retention, timelineLimit: limit), time: clock.source)
        let id = await board.register(name: "w1", kind: .worker)
        for _ in 0..<rounds {
            for state: TaskState in [.running, .waiting(.semaphore), .running, .suspended(.sleep)] {
                clock.advance(by: .milliseconds(500))
                await board.transition(id, to: state)
            }
        }
        for state: TaskState in [.running, .waiting(.semaphore)] {
            clock.advance(by: .milliseconds(500))
            await board.transition(id, to: state)
        }
        clock.advance(by: .milliseconds(300))
        return (board, clock, id)
    }

    /// A 120x36 dashboard showing the board now, with the task's detail opened from its row.
    private func detailOpen(on board: TaskBoard, clock: ManualTime, id: TaskID) async -> DashboardModel {
        var model = DashboardModel(size: Size(width: 120, height: 36))
        model.tasks = await board.snapshot()
        model.simulationNow = clock.now
        model.taskView.selected = id
        model.apply(.openTaskDetail)
        return model
    }

    private func detailText(_ model: DashboardModel) -> [String] {
        ScreenExport.render(DashboardView.render(model, theme: .color), as: .text).split(separator: "\n").map(String.init)
    }

    @Test func the_detail_shows_the_newest_transitions_and_counts_the_older_ones() async throws {
        // 1 + 4 x 20 + 2 = 83 transitions; the board keeps 32 and drops 51.
        let (board, clock, id) = await busyWorker(rounds: 20, limit: 32)
        var model = await detailOpen(on: board, clock: clock, id: id)
        let lines = detailText(model)
        let hint = try #require(lines.firstIndex { $0.contains("Esc returns") })
        #expect(lines[hint - 1].contains("waiting (permit)") && lines[hint - 1].contains("0.3s so far"),
                "the last transition shown is the current state")
        #expect(lines.contains { $0.contains("waiting (permit) for 0.3s") }, "the state line agrees")
        let countLine = try #require(lines.first { $0.contains("earlier transitions not shown") })
        let shown = lines.filter { $0.contains("│   +") }.count
        let hidden = Int(try #require(countLine.split(separator: "(").last?.split(separator: " ").first))
        #expect(hidden == 83 - shown, "every transition is shown or counted: \(shown) shown")
        #expect(hidden! > 51, "at 36 rows not even the 32 kept all fit")
        // A tall screen shows all 32 the board kept, and counts the 51 it dropped.
        model.size = Size(width: 120, height: 60)
        let tall = detailText(model)
        #expect(tall.contains { $0.contains("(51 earlier transitions not shown)") })
        #expect(tall.filter { $0.contains("│   +") }.count == 32)
    }

    @Test func a_short_history_is_shown_whole_without_a_count() async throws {
        let (board, clock, id) = await busyWorker(rounds: 1, limit: 32)
        let model = await detailOpen(on: board, clock: clock, id: id)
        let lines = detailText(model)
        #expect(!lines.contains { $0.contains("not shown") })
        #expect(lines.filter { $0.contains("│   +") }.count == 7)
        #expect(lines.contains { $0.contains("+0.0s") && $0.contains("created") })
        #expect(lines.contains { $0.contains("sleeping ") } && !lines.contains { $0.contains("suspended") },
                "the detail says sleeping, as the Tasks pane does")
    }

    @Test func an_open_detail_keeps_its_task_after_the_board_lets_it_go() async throws {
        let (board, clock, id) = await busyWorker(rounds: 1, limit: 32, retention: .seconds(1))
        await board.transition(id, to: .cancelled)
        var model = await detailOpen(on: board, clock: clock, id: id)
        clock.advance(by: .seconds(5))
        let later = await board.snapshot()
        #expect(later.recentlyFinished.isEmpty, "the board let the task go at the end of its retention")
        model.tasks = later
        model.simulationNow = clock.now
        let pinned = detailText(model)
        #expect(pinned.contains { $0.contains("Task #\(id.rawValue) w1") })
        #expect(pinned.contains { $0.contains("cancelled") } && !pinned.contains { $0.contains("no longer kept") })
        #expect(model.pinnedDetailTask?.id == id)
        model.apply(.closeOverlay)
        #expect(model.pinnedDetailTask == nil, "closing the detail lets the task go")
        model.overlay = .taskDetail(id)
        #expect(detailText(model).contains { $0.contains("no longer kept") })
    }

    @Test func the_detail_uses_the_tasks_panes_words() {
        #expect(TasksPane.statePhrase(.suspended(.sleep)) == "sleeping")
        #expect(TasksPane.statePhrase(.suspended(.io)) == "sleeping (i/o)")
        #expect(TasksPane.statePhrase(.waiting(.semaphore)) == "waiting (permit)")
        #expect(TasksPane.statePhrase(.waiting(.queueFull)) == "waiting (queue room)")
        #expect(TasksPane.statePhrase(.completed) == "done")
        #expect(TasksPane.statePhrase(.failed("disk full")) == "failed (disk full)")
        for state: TaskState in [.created, .running, .waiting(.lock), .suspended(.io), .completed, .failed("x"), .cancelled] {
            #expect(TasksPane.statePhrase(state).hasPrefix(TasksPane.stateWord(state)))
        }
    }
}
