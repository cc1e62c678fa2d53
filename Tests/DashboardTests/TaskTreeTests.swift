import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The Tasks pane's tree (`t`) and its search by name (`\`): the same selection, sort, filter
/// and keys as the list, each task under its parent, siblings in the sort's order.
@Suite("Tasks pane: tree and search")
struct TaskTreeTests {
    /// Workers, a pipeline, jobs with their audits, and a lesson task with its own tasks (one
    /// with a child of its own, one finished): names that sort naturally only (job-2, job-10).
    static func treeBoard() async -> TaskBoardSnapshot {
        let clock = ManualTime(start: Fixtures.origin)
        let board = TaskBoard(time: clock.source)
        @discardableResult func spawn(_ name: String, _ kind: TaskKind, under parent: TaskID? = nil, _ state: TaskState = .running) async -> TaskID {
            let id = await board.register(name: name, kind: kind, parent: parent)
            clock.advance(by: .milliseconds(400))
            await board.transition(id, to: .running)
            if state != .running { await board.transition(id, to: state) }
            return id
        }
        for name in ["w1", "w2", "w10"] { await spawn(name, .worker, .waiting(.semaphore)) }
        await spawn("p1", .producer, .waiting(.queueFull))
        await spawn("c1", .consumer, .suspended(.io))
        let job2 = await spawn("job-2", "job", .suspended(.sleep))
        await spawn("job-2.audit", "child", under: job2, .suspended(.io))
        let job10 = await spawn("job-10", "job")
        await spawn("job-10.audit", "child", under: job10, .waiting(.semaphore))
        let lesson = await spawn("lesson basics/concurrent", .lesson)
        let fetch = await spawn("fetch", "step", under: lesson, .suspended(.sleep))
        await spawn("parse", "step", under: fetch)
        let done = await spawn("warm-up", "step", under: lesson)
        await board.transition(done, to: .completed)
        await spawn("report", "step", under: lesson, .waiting(.event))
        return await board.snapshot()
    }

    private func treeModel(_ size: Size) async -> DashboardModel {
        var model = await Fixtures.typicalModel(size)
        model.tasks = await Self.treeBoard()
        model.simulationNow = model.tasks?.takenAt
        model.apply(.toggleTaskTree)
        return model
    }

    private func names(_ model: DashboardModel) -> [String] { model.taskRows.map(\.name) }

    @Test func t_toggles_the_tree_and_keeps_the_selection() async throws {
        var model = await Fixtures.typicalModel(Size(width: 100, height: 30))
        model.tasks = await Self.treeBoard()
        let list = names(model)
        model.apply(.selectNextTask)
        model.apply(.selectNextTask)
        let selected = try #require(model.taskView.selected)
        model.handle(.character("t"))
        #expect(model.taskView.layout == .tree)
        #expect(model.taskView.selected == selected && model.focusedTask == selected, "the same task stays selected")
        #expect(Set(names(model)) == Set(list), "the tree lists the same tasks")
        // Newest first (ID ▾) among roots and among each parent's children.
        #expect(names(model) == [
            "lesson basics/concurrent", "report", "warm-up", "fetch", "parse", "job-10", "job-10.audit",
            "job-2", "job-2.audit", "c1", "p1", "w10", "w2", "w1",
        ])
        #expect(model.taskListing.guides.prefix(5) == ["", "├─ ", "├─ ", "└─ ", "   └─ "])
        model.handle(.character("t"))
        #expect(model.taskView.layout == .list && names(model) == list)
    }

    @Test func the_tree_sorts_siblings_and_filters_as_the_list_does() async throws {
        var model = await treeModel(Size(width: 100, height: 30))
        model.apply(.sortByNextColumn)
        #expect(model.taskView.sortColumn == .name && !model.taskView.sortsDescending)
        #expect(names(model) == [
            "c1", "job-2", "job-2.audit", "job-10", "job-10.audit", "lesson basics/concurrent", "fetch", "parse",
            "report", "warm-up", "p1", "w1", "w2", "w10",
        ], "A to Z, naturally, within each parent")
        model.apply(.cycleStateFilter)
        #expect(model.taskView.filter == .live)
        #expect(!names(model).contains("warm-up"), "the finished step is left out")
        model.apply(.selectNextTask)
        #expect(model.taskView.selected == model.taskRows[1].id, "↓ walks the tree's order")
    }

    @Test func a_task_whose_parent_is_not_listed_is_a_root() async throws {
        var model = await treeModel(Size(width: 100, height: 30))
        model.taskView.search.query = "audit"
        #expect(names(model) == ["job-10.audit", "job-2.audit"])
        #expect(model.taskListing.guides == ["", ""])
    }

    @Test func backslash_searches_tasks_by_name_with_smart_case() async throws {
        var model = await Fixtures.typicalModel(Size(width: 100, height: 30))
        model.tasks = await Self.treeBoard()
        let all = names(model)
        model.handle(.character("\\"))
        #expect(model.taskView.search.isTyping && model.logView.draft == nil, "its own prompt, not the log filter")
        for character in "JOB" { model.handle(.character(character)) }
        #expect(names(model).isEmpty, "a capital letter makes the search match case")
        let noMatch = ScreenExport.render(DashboardView.render(model, theme: .color), as: .text)
        #expect(noMatch.contains("search: JOB▏ no match"))
        for _ in 0..<3 { model.handle(.backspace) }
        for character in "job-1" { model.handle(.character(character)) }
        #expect(names(model) == ["job-10.audit", "job-10"], "the list follows each key while typing")
        model.handle(.character("q"))
        #expect(model.exitStatus == nil, "q is typed into the search, not quitting")
        model.handle(.backspace)
        let effects = model.update(.key(.enter))
        #expect(model.taskView.search.query == "job-1" && !model.taskView.search.isTyping)
        #expect(effects == [.note("task search set to \"job-1\"")])
        #expect(TasksPane.title(for: model).contains("name “job-1”"))
        // Esc while typing a new search goes back to the one applied.
        model.handle(.character("\\"))
        model.handle(.character("w"))
        #expect(names(model) == ["warm-up", "w10", "w2", "w1"])
        model.handle(.escape)
        #expect(model.taskView.search.query == "job-1" && names(model) == ["job-10.audit", "job-10"])
        // Esc with nothing typed clears the applied search.
        model.handle(.escape)
        #expect(model.taskView.search.query == nil && names(model) == all)
    }

    @Test func the_pane_says_where_its_rows_are() async throws {
        var model = await Fixtures.typicalModel(Size(width: 100, height: 30))
        model.tasks = await Fixtures.board((1...40).map { "w\($0)" })
        let top = TasksPane.statusLine(search: model.taskView.search, shown: 0..<5, of: 40)
        #expect(top.text == "1-5 of 40 ▼ more below")
        #expect(TasksPane.statusLine(search: TaskSearch(), shown: 10..<15, of: 40).text == "11-15 of 40 ▲ more above ▼ more below")
        #expect(TasksPane.statusLine(search: TaskSearch(), shown: 35..<40, of: 40).text == "36-40 of 40 ▲ more above")
        for _ in 0..<20 { model.apply(.selectNextTask) }
        var buffer = ScreenBuffer(size: Size(width: 60, height: 8))
        TasksPane.render(model, theme: .color, in: Rect(size: buffer.size), buffer: &buffer)
        let lines = ScreenExport.render(buffer, as: .text).split(separator: "\n")
        #expect(lines.last?.hasPrefix("16-21 of 40 ▲ more above ▼ more below") == true)
        #expect(lines[6].hasPrefix("#20"), "the selected row (the 21st) is the last shown")
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 36), Size(width: 200, height: 60)])
    func golden_tree(size: Size) async throws {
        var model = await treeModel(size)
        let parse = try #require(model.taskRows.first { $0.name == "parse" })
        model.taskView.selected = parse.id
        let text = ScreenExport.render(DashboardView.render(model, theme: .color), as: .text)
        try GoldenFile.check(text, named: "tree-\(size.width)x\(size.height).txt")
        #expect(text.contains("tree"))
        #expect(text.contains("   └─ parse"), "the grandchild hangs under its parent, the last child")
    }
}
