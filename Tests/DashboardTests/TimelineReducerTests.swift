import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The Timeline's keys through the model's one door: `T` shows it in the Queue's place, `( )`
/// scale it, and, paused with it focused, `← →` pan it and `End` brings back now.
@Suite("Timeline keys")
struct TimelineReducerTests {
    private func press(_ keys: String, _ model: inout DashboardModel) {
        for key in keys { _ = model.update(.key(.character(key))) }
    }

    private func model(size: Size = Size(width: 120, height: 36)) async -> DashboardModel {
        var model = await Fixtures.typicalModel(size)
        model.history = TimelineFixtures.history()
        return model
    }

    /// The Timeline shown and focused, `keys` pressed first (a space pauses).
    private func focusedTimeline(pressing keys: String) async -> DashboardModel {
        var model = await model()
        press("T" + keys, &model)
        model.setFocus(.timeline)
        return model
    }

    @Test func T_shows_the_timeline_in_the_queue_panes_place_and_T_again_gives_the_queue_back() async {
        var model = await model()
        press("T", &model)
        #expect(model.timeline.isShown)
        #expect(model.focusRing == [.log, .workers, .timeline, .tasks])
        #expect(DashboardView.render(model, theme: .color).textLines()[18].hasPrefix("┌ Timeline — 100ms/cell"))
        press("T", &model)
        #expect(model.focusRing == [.log, .workers, .queue, .tasks])
    }

    @Test func the_pane_that_takes_the_focused_panes_place_takes_its_focus_and_zoom() async {
        var model = await model()
        model.setFocus(.queue)
        press("zT", &model)
        #expect(model.focusedPane == .timeline && model.zoomedPane == .timeline)
        press("T", &model)
        #expect(model.focusedPane == .queue && model.zoomedPane == .queue)
        model.setFocus(.tasks)
        press("T", &model)
        #expect(model.focusedPane == .tasks, "a pane that stays keeps the focus")
    }

    @Test func tab_focuses_the_timeline_and_z_zooms_it() async {
        var model = await model()
        press("T", &model)
        _ = model.update(.key(.tab))
        #expect(model.focusedPane == .log)
        _ = model.update(.key(.tab))
        _ = model.update(.key(.tab))
        #expect(model.focusedPane == .timeline)
        press("z", &model)
        #expect(model.zoomedPane == .timeline)
        #expect(DashboardLayout.of(model).panes.map(\.id) == [.timeline])
    }

    @Test func parentheses_scale_the_time_per_cell_from_10_ms_to_10_s() async {
        var model = await model()
        #expect(model.timeline.cellWidth == .milliseconds(100))
        press("(((((", &model)
        #expect(model.timeline.cellWidth == .milliseconds(10), "no finer than 10 ms")
        press("))))))))))))", &model)
        #expect(model.timeline.cellWidth == .seconds(10), "no coarser than 10 s")
        press("(", &model)
        #expect(model.timeline.cellWidth == .seconds(5))
    }

    @Test func paused_the_focused_timeline_pans_back_and_End_returns_to_now() async throws {
        var model = await focusedTimeline(pressing: " ")
        let now = try #require(model.simulationNow)
        _ = model.update(.key(.left))
        #expect(model.timeline.end(now: now, isPaused: true) == now - .seconds(1), "10 cells of 100 ms")
        press("h", &model)
        #expect(model.timeline.end(now: now, isPaused: true) == now - .seconds(2))
        #expect(model.taskView.sortColumn == .id, "the arrows pan; they do not sort the Tasks")
        _ = model.update(.key(.right))
        #expect(model.timeline.end(now: now, isPaused: true) == now - .seconds(1))
        _ = model.update(.key(.end))
        #expect(model.timeline.end(now: now, isPaused: true) == now)
    }

    @Test func panning_stops_at_the_oldest_instant_the_lanes_keep_and_at_now() async throws {
        var model = await focusedTimeline(pressing: " ")
        let now = try #require(model.simulationNow)
        for _ in 0..<50 { _ = model.update(.key(.left)) }
        #expect(model.timeline.end(now: now, isPaused: true) == Fixtures.origin, "the oldest lane began at the origin")
        for _ in 0..<50 { _ = model.update(.key(.right)) }
        #expect(model.timeline.end(now: now, isPaused: true) == now)
    }

    @Test func live_the_timeline_shows_now_and_resuming_brings_it_back_to_now() async throws {
        var model = await focusedTimeline(pressing: "")
        let now = try #require(model.simulationNow)
        _ = model.update(.key(.left))
        #expect(model.timeline.endsAt == nil, "running, the arrows do not pan")
        press(" ", &model)
        _ = model.update(.key(.left))
        #expect(model.timeline.end(now: now, isPaused: true) < now)
        press(" ", &model)
        #expect(model.timeline.end(now: now, isPaused: model.isPaused) == now)
        press(" ", &model)
        #expect(model.timeline.end(now: now, isPaused: true) == now, "a pause after a resume starts at now again")
    }

    @Test func with_the_tasks_focused_the_arrows_still_sort() async {
        var model = await model()
        press("T ", &model)
        _ = model.update(.key(.right))
        #expect(model.taskView.sortColumn == .name)
        #expect(model.timeline.endsAt == nil)
    }

    @Test func the_footer_shows_the_timelines_keys_while_it_has_the_focus() async {
        var model = await model(size: Size(width: 200, height: 60))
        press("T", &model)
        model.setFocus(.timeline)
        let live = FooterBar.entries(for: model).map(\.keys)
        #expect(live.first == "( )" && !live.contains("← →"))
        press(" ", &model)
        #expect(FooterBar.entries(for: model).map(\.keys).prefix(2) == ["( )", "← →"])
        _ = model.update(.key(.left))
        #expect(FooterBar.entries(for: model).map(\.keys).contains("End"))
        let footer = DashboardView.render(model, theme: .color).textLines().last ?? ""
        #expect(footer.hasPrefix(" ( )  scale  ← →  pan  End  now "))
    }

    @Test func the_help_lists_the_keys_and_every_glyph_of_the_lanes() {
        let lines = HelpOverlay.lines()
        #expect(lines.contains(.section("Timeline")))
        #expect(lines.contains(.entry(keys: "( )", help: "time per cell finer / coarser (10ms-10s)")))
        let legendKeys = lines.compactMap { line -> String? in
            guard case .entry(let keys, _) = line else { return nil }
            return keys
        }.joined(separator: " ")
        let glyphs = LaneActivity.allCases.map(ActivityLook.glyph) + [LaneEnding.completed, .failed, .cancelled].map(LaneGlyph.glyph)
        for glyph in glyphs { #expect(legendKeys.contains(glyph), "\(glyph) is explained in the help") }
        #expect(lines.contains(.entry(keys: "█ ─ ≈ ○", help: "lane: running, sleeping, file I/O, created")))
    }

    @Test func a_click_on_a_lane_focuses_the_timeline_and_selects_its_task() async throws {
        var model = await model()
        press("T", &model)
        let area = try #require(DashboardLayout.of(model).area(of: .timeline))
        // Inside the frame: the legend, then the lanes from the top of the Tasks pane's order.
        _ = model.update(.mouse(MouseEvent(.press, x: area.x + 4, y: area.y + 3)))
        #expect(model.focusedPane == .timeline)
        #expect(model.taskView.selected == model.taskRows[1].id)
    }
}

/// Lanes for the fixture board's tasks (ids 1 to 8, spawned a second apart from the origin):
/// each runs, waits or sleeps in turn, so every drawn lane differs.
enum TimelineFixtures {
    static func history() -> RunHistory {
        var lanes = TaskLanes()
        var sequence: UInt64 = 0
        func at(_ milliseconds: Int, _ kind: SimulationEvent.Kind) {
            sequence += 1
            lanes.apply(SimulationEvent(sequence: sequence, at: Fixtures.origin + .milliseconds(milliseconds), kind: kind))
        }
        let states: [TaskState] = [.waiting(.semaphore), .running, .suspended(.sleep), .waiting(.queueFull), .suspended(.io),
                                   .waiting(.queueEmpty), .waiting(.lock), .waiting(.event)]
        let names = ["w1", "p1", "c1", "job-1", "w2", "p2", "c2", "job-2"]
        for (index, name) in names.enumerated() {
            let task = TaskID(rawValue: UInt64(index + 1))
            at(index * 1000, .taskSpawned(task: task, name: name, kind: "worker", parent: nil))
            at(index * 1000 + 300, .taskStateChanged(task: task, state: .running))
            at(index * 1000 + 1000, .taskStateChanged(task: task, state: states[index % states.count]))
        }
        // The board's first two tasks ended, the second at the fixtures' now: the right edge's instant.
        at(9_000, .taskFinished(task: TaskID(rawValue: 1), state: .completed))
        at(10_000, .taskFinished(task: TaskID(rawValue: 2), state: .cancelled))
        return RunHistory(lanes: lanes)
    }
}
