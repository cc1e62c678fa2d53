import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Golden renders of each pane on its own, from fixed snapshots: empty, typical, overflowing,
/// tiny, and with wide characters in task names.
@Suite("Pane renders")
struct PaneRenderTests {
    private func render(_ size: Size, _ draw: (Rect, inout ScreenBuffer) -> Void) -> String {
        var buffer = ScreenBuffer(size: size)
        draw(Rect(size: size), &buffer)
        return ScreenExport.render(buffer, as: .text)
    }

    private func workers(_ model: DashboardModel, _ size: Size) -> String {
        render(size) { WorkersPane.render(model, theme: .color, in: $0, buffer: &$1) }
    }

    private func queue(_ model: DashboardModel, _ size: Size) -> String {
        render(size) { QueuePane.render(model, theme: .color, in: $0, buffer: &$1) }
    }

    /// Ages are measured from when the board's snapshot was taken.
    private func tasks(_ model: DashboardModel, _ size: Size) -> String {
        var model = model
        model.simulationNow = nil
        return render(size) { TasksPane.render(model, theme: .color, in: $0, buffer: &$1) }
    }

    private func model(_ configure: (inout DashboardModel) async -> Void) async -> DashboardModel {
        var model = DashboardModel(size: Size(width: 100, height: 30))
        model.simulationNow = Fixtures.now
        await configure(&model)
        return model
    }

    @Test func workers_pane() async throws {
        let empty = await model { _ in }
        try GoldenFile.check(workers(empty, Size(width: 48, height: 6)), named: "workers-empty.txt")
        let typical = await model { $0.workers = await Fixtures.workers(["w1", "w2", "w3", "w4", "w5", "w6", "job-1", "job-2"]) }
        try GoldenFile.check(workers(typical, Size(width: 48, height: 10)), named: "workers-typical.txt")
        let many = await model { $0.workers = await Fixtures.workers((1...200).map { "w\($0)" }, permits: 8) }
        let crowded = workers(many, Size(width: 48, height: 8))
        try GoldenFile.check(crowded, named: "workers-overflowing.txt")
        #expect(crowded.contains("+"), "the cells that do not fit are counted")
        try GoldenFile.check(workers(typical, Size(width: 12, height: 3)), named: "workers-tiny.txt")
    }

    @Test func queue_pane() async throws {
        let empty = await model { _ in }
        try GoldenFile.check(queue(empty, Size(width: 56, height: 5)), named: "queue-empty.txt")
        let typical = await model {
            $0.queue = await Fixtures.queue(capacity: 16, depth: 9, received: 30, history: [0, 2, 4, 6, 8, 9, 9])
        }
        try GoldenFile.check(queue(typical, Size(width: 56, height: 5)), named: "queue-typical.txt")
        let full = await model {
            $0.queue = await Fixtures.queue(capacity: 8, depth: 8, received: 100, blockedSenders: 2,
                                            history: Array(repeating: 8, count: 90))
        }
        let fullText = queue(full, Size(width: 56, height: 5))
        try GoldenFile.check(fullText, named: "queue-full.txt")
        #expect(fullText.contains("8/8") && fullText.contains("2 blocked"))
        #expect(fullText.contains("sent 108 = received 100 + queued 8 ✓"))
        try GoldenFile.check(queue(typical, Size(width: 14, height: 2)), named: "queue-tiny.txt")
    }

    @Test func tasks_pane() async throws {
        let empty = await model { $0.tasks = await Fixtures.board([]) }
        try GoldenFile.check(tasks(empty, Size(width: 60, height: 4)), named: "tasks-empty.txt")
        let typical = await model { $0.tasks = await Fixtures.board(["w1", "p1", "c1", "job-1", "w2", "p2"], finished: 2) }
        try GoldenFile.check(tasks(typical, Size(width: 60, height: 8)), named: "tasks-typical.txt")
        let many = await model { $0.tasks = await Fixtures.board((1...40).map { "w\($0)" }) }
        try GoldenFile.check(tasks(many, Size(width: 60, height: 8)), named: "tasks-overflowing.txt")
        try GoldenFile.check(tasks(typical, Size(width: 20, height: 3)), named: "tasks-tiny.txt")
        let wide = await model { $0.tasks = await Fixtures.board(["下载任务", "👩‍💻 coder", "naïve-é", "ｆｕｌｌ"]) }
        let wideText = tasks(wide, Size(width: 60, height: 6))
        try GoldenFile.check(wideText, named: "tasks-wide-characters.txt")
        #expect(wideText.split(separator: "\n").allSatisfy { CharacterWidth.of($0) <= 60 })
    }

    @Test func the_whole_dashboard_with_every_pane_fed() async throws {
        let wide = await Fixtures.typicalModel(Size(width: 120, height: 32))
        try GoldenFile.check(ScreenExport.render(DashboardView.render(wide, theme: .color), as: .text), named: "dashboard-fed-120x32.txt")
        let narrow = await Fixtures.typicalModel(Size(width: 80, height: 24))
        try GoldenFile.check(ScreenExport.render(DashboardView.render(narrow, theme: .color), as: .text), named: "dashboard-fed-80x24.txt")
    }

    @Test func task_detail_shows_transitions_parent_and_children() async throws {
        var model = await Fixtures.typicalModel(Size(width: 100, height: 30))
        let job = try #require(model.tasks?.live.first { $0.name == "job-2" })
        model.apply(.closeOverlay)
        model.taskView.selected = job.id
        model.apply(.openTaskDetail)
        #expect(model.overlay == .taskDetail(job.id))
        let text = ScreenExport.render(DashboardView.render(model, theme: .color), as: .text)
        try GoldenFile.check(text, named: "task-detail-100x30.txt")
        #expect(text.contains("Task #\(job.id.rawValue) job-2"))
        #expect(text.contains("parent: #7 c2"))
        #expect(text.contains("waiting (permit)") || text.contains("sleeping"))
    }
}
