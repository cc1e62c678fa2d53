import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// What the Timeline pane draws: the lanes' glyphs, the legend, the axis, the selected lane,
/// golden renders of the real path (`snapshot --keys T`), and lanes that agree with the Tasks
/// pane's states all through a run.
@Suite("Timeline renders")
struct TimelineRenderTests {
    private func timelineModel(_ size: Size = Size(width: 120, height: 36)) async -> DashboardModel {
        var model = await Fixtures.typicalModel(size)
        model.history = TimelineFixtures.history()
        _ = model.update(.key(.character("T")))
        return model
    }

    /// The pane's text rows, inside its frame.
    private func paneLines(_ model: DashboardModel, theme: Theme = .color) throws -> [String] {
        let area = try #require(DashboardLayout.of(model).area(of: .timeline))
        let lines = DashboardView.render(model, theme: theme).textLines()
        return lines[(area.y + 1)..<(area.maxY - 1)].map { line in
            String(line.dropFirst(area.x + 2).prefix(area.width - 4))
        }
    }

    @Test func every_activity_and_ending_has_its_own_glyph() {
        let glyphs = LaneActivity.allCases.map(ActivityLook.glyph) + [LaneEnding.completed, .failed, .cancelled].map(LaneGlyph.glyph)
        #expect(Set(glyphs).count == glyphs.count)
        #expect(glyphs.allSatisfy { CharacterWidth.of($0) == 1 }, "one cell each, so a lane is a cell a slice")
    }

    @Test func lanes_follow_the_tasks_panes_order_with_the_legend_above_and_the_axis_below() async throws {
        let lines = try paneLines(await timelineModel())
        #expect(lines[0].trimmingCharacters(in: .whitespaces) == "█ run ─ sleep ≈ i/o ░ permit ▒ full ┄ empty ≡ lock",
                "whole entries, as many as fit")
        let names = lines.dropFirst().prefix(8).map { $0.prefix(14).trimmingCharacters(in: .whitespaces) }
        #expect(names == ["job-2", "c2", "p2", "w2", "job-1", "c1", "p1", "w1"], "newest first, as the Tasks pane lists them")
        #expect(lines.last?.hasSuffix("-3s       -2s       -1s       now") == true)
    }

    @Test func the_lanes_take_the_tasks_panes_tree_and_filter() async throws {
        var model = await timelineModel()
        _ = model.update(.key(.character("t")))
        let gutter = TimelinePane.gutterWidth(paneWidth: 56)
        func names(_ lines: [String]) -> [String] {
            lines.dropFirst().dropLast().map { String($0.prefix(gutter)).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let listing = model.taskListing
        let tree = zip(listing.guides, listing.rows).map { Text.truncated($0 + $1.name, toWidth: gutter - 1) }
        #expect(names(try paneLines(model)) == tree)
        #expect(tree.contains { $0.hasPrefix("└─ ") }, "a job under its parent, as in the Tasks pane")
        _ = model.update(.key(.character("f")))
        #expect(!names(try paneLines(model)).contains { $0.hasSuffix("w1") || $0.hasSuffix("p1") }, "live only: the ended go")
    }

    @Test func a_lane_shows_each_slice_of_its_tasks_past_right_to_left() async throws {
        var model = await timelineModel(Size(width: 120, height: 36))
        model.setFocus(.timeline)
        _ = model.update(.key(.character("z")))
        let lines = try paneLines(model)
        // c1 (#3): spawned at 2 s, running from 2.3 s, sleeping from 3 s; now is 10 s and a cell 100 ms.
        let c1 = try #require(lines.first { $0.hasPrefix("c1 ") })
        let cells = Array(c1.dropFirst(TimelinePane.gutterWidth(paneWidth: 120 - 4)))
        #expect(cells.count > 90)
        let count = cells.count
        func cell(at seconds: Double) -> Character { cells[count - Int(((10 - seconds) * 10).rounded())] }
        #expect(cell(at: 9.9) == "─")
        #expect(cell(at: 3.0) == "─")
        #expect(cell(at: 2.9) == "█")
        #expect(cell(at: 2.3) == "█")
        #expect(cell(at: 2.2) == "○", "created, not yet started")
        #expect(cell(at: 1.9) == " ", "before the spawn")
    }

    @Test func an_ending_shows_at_its_instant_and_nothing_after_it() async throws {
        let lines = try paneLines(await timelineModel())
        let w1 = try #require(lines.first { $0.hasPrefix("w1 ") })
        #expect(w1.hasSuffix("░✓         "), "completed at 9 s, 1 s ago: the cell of 9.0-9.1 s, then 9 empty")
        let p1 = try #require(lines.first { $0.hasPrefix("p1 ") })
        #expect(p1.hasSuffix("█⊘"), "cancelled at now itself: still on the right edge's cell")
    }

    @Test func the_selected_tasks_name_is_highlighted_and_its_lane_kept_in_view() async throws {
        var model = await timelineModel(Size(width: 100, height: 24))
        _ = model.update(.key(.character("G")))
        for _ in 0..<7 { _ = model.update(.key(.down)) }
        let area = try #require(DashboardLayout.of(model).area(of: .timeline))
        let screen = DashboardView.render(model, theme: .color)
        let lines = screen.textLines()
        let row = try #require((area.y..<area.maxY).first { lines[$0].dropFirst(area.x + 2).hasPrefix("w1 ") })
        #expect(screen[area.x + 2, row].style == Theme.color.highlight)
        #expect(lines[area.maxY - 2].dropFirst(area.x + 2).hasPrefix("2-8/8"), "which lanes show, as the Tasks pane says")
    }

    @Test func a_pane_too_short_for_a_lane_shows_the_axis_alone() async throws {
        var model = await timelineModel(Size(width: 40, height: 12))
        model.setFocus(.timeline)
        let lines = try paneLines(model)
        #expect(lines.count == 1)
        #expect(lines[0].trimmingCharacters(in: .whitespaces) == "now", "no lane position when no lane shows")
    }

    @Test func without_colour_the_glyphs_alone_tell_the_states_apart() async throws {
        let model = await timelineModel()
        #expect(try paneLines(model, theme: .monochrome) == paneLines(model, theme: .color))
        let area = try #require(DashboardLayout.of(model).area(of: .timeline))
        let screen = DashboardView.render(model, theme: .monochrome)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { #expect(screen[x, y].style.foreground == .standard) }
        }
    }

    @Test func paused_and_panned_the_title_and_axis_say_how_far_back_it_shows() async throws {
        var model = await timelineModel()
        _ = model.update(.key(.character(" ")))
        model.setFocus(.timeline)
        _ = model.update(.key(.left))
        _ = model.update(.key(.left))
        let area = try #require(DashboardLayout.of(model).area(of: .timeline))
        let lines = DashboardView.render(model, theme: .color).textLines()
        #expect(lines[area.y].dropFirst(area.x).hasPrefix("┌ Timeline — 100ms/cell · 2s back · End: now ◀"))
        #expect(try paneLines(model).last?.hasSuffix("-4s       -3s       -2s") == true)
    }

    static let goldenSizes = [Size(width: 80, height: 24), Size(width: 200, height: 60)]

    /// The real path, as `snapshot --after 8 --keys 'T'` draws it, in colour and without.
    @Test(arguments: goldenSizes)
    func golden_timeline(size: Size) async throws {
        for (theme, name) in [(Theme.color, "color"), (.monochrome, "no-color")] {
            let screen = await HeadlessRun.render(
                settings: ScenarioSettings(), after: .seconds(8), keys: [.key(.character("T"))], size: size, theme: theme,
                log: .activity)
            #expect(screen.textLines().contains { $0.contains("┌ Timeline — 100ms/cell") })
            try GoldenFile.check(ScreenExport.render(screen, as: .ansi), named: "timeline-\(name)-\(size).ansi")
        }
    }

    /// The Timeline over a lesson scene: the scene's own tasks get lanes, drawn the same way.
    @Test func a_scenes_tasks_have_lanes_beside_the_scene() async throws {
        let screen = await HeadlessRun.render(
            settings: ScenarioSettings(), after: .milliseconds(3500), keys: [.key(.character("T"))],
            size: Size(width: 120, height: 36), theme: .color, log: .activity, scene: "coordination/semaphore")
        let lines = screen.textLines()
        #expect(lines[1].contains("┌ Lesson — coordination") && lines[1].contains("┌ Timeline"))
        let waiting = lines.filter { $0.contains("│ worker 9 ") && $0.hasSuffix("░ │") }
        #expect(waiting.count == 1, "worker 9 waits for a permit: \(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("│ worker 1 ") && $0.contains("─ │") }, "worker 1 holds one, sleeping on the lesson clock")
    }

    /// All through a headless run, each task whose state held through the right edge's whole
    /// cell shows that state's glyph there, and each that ended in that cell its ending.
    @Test func the_right_edge_agrees_with_the_tasks_panes_states_all_through_a_run() async throws {
        var model = DashboardModel(size: Size(width: 200, height: 60))
        _ = model.update(.key(.character("T")))
        model.setFocus(.timeline)
        _ = model.update(.key(.character("z")))
        var checked = 0, frames = 0
        var disagreements: [String] = []
        _ = await HeadlessRun.run(
            settings: ScenarioSettings(), after: .seconds(12), keys: [], size: model.size, theme: .monochrome,
            log: .activity, eachFrame: { frame, _ in
                _ = model.update(.frame(frame))
                frames += 1
                guard let area = DashboardLayout.of(model).area(of: .timeline) else { return }
                let content = DashboardLayout.content(of: area)
                let screen = DashboardView.render(model, theme: .monochrome)
                let lines = screen.textLines()
                let rows = TimelinePane.Rows(height: content.height)
                let cellStart = frame.instant - model.timeline.cellWidth
                for (offset, task) in model.taskRows.prefix(rows.lanes).enumerated() {
                    let y = content.y + rows.firstLane + offset
                    let drawn = screen[content.maxX - 1, y].character
                    let expected: Character
                    if let ending = LaneEnding(task.state) {
                        guard task.stateSince >= cellStart else { continue }
                        expected = LaneGlyph.glyph(ending)
                    } else {
                        guard task.stateSince <= cellStart, let activity = LaneActivity(task.state) else { continue }
                        expected = ActivityLook.glyph(activity)
                    }
                    checked += 1
                    if drawn != expected { disagreements.append("\(frame.instant) \(task.name) \(task.state): \(drawn) ≠ \(expected) in \(lines[y])") }
                }
            })
        #expect(frames == 120)
        #expect(checked > 500)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}
