import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Golden renders of a zoomed scene (as a teacher shows it on a projector) and a zoomed pane,
/// from a small terminal to a large one.
@Suite("Zoomed renders")
struct ZoomRenderTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 36), Size(width: 200, height: 60)]

    /// The real path: `snapshot --scene basics/concurrent --after 4.5 --keys z`.
    @Test(arguments: sizes)
    func a_zoomed_scene_fills_the_screen_between_header_and_footer(size: Size) async throws {
        let screen = await HeadlessRun.render(
            settings: ScenarioSettings(), after: .milliseconds(4500), keys: [.key(.character("z"))], size: size,
            theme: .color, log: .activity, scene: "basics/concurrent")
        let lines = screen.textLines()
        #expect(lines[1].hasPrefix("┌ Lesson — basics / Sequential against concurrent"))
        #expect(lines[lines.count - 2].hasPrefix("└") && lines[lines.count - 2].hasSuffix("┘"), "one frame to the footer")
        #expect(lines.last?.hasPrefix(" Esc  end scene ") == true && lines.last?.contains(" z  unzoom ") == true)
        try GoldenFile.check(ScreenExport.render(screen, as: .text), named: "scene-zoomed-\(size).txt")
    }

    @Test(arguments: sizes)
    func a_zoomed_tasks_pane_lists_as_many_rows_as_the_screen_has(size: Size) async throws {
        var model = await Fixtures.typicalModel(size)
        _ = model.update(.key(.character("z")))
        let lines = DashboardView.render(model, theme: .color).textLines()
        #expect(lines[1].hasPrefix("┌ Tasks — 6 live · all ◀ zoomed, z restores "))
        #expect(!lines.contains { $0.contains("┌ Log") || $0.contains("┌ Workers") || $0.contains("┌ Queue") })
        try GoldenFile.check(ScreenExport.render(DashboardView.render(model, theme: .color), as: .text),
                             named: "tasks-zoomed-\(size).txt")
    }
}
