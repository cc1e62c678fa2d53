import AsyncDemoCore
import Foundation
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// `C` asks before it cancels every task; `R` starts the scenario again as a fresh start with the
/// same arguments would, through the model's one door as an effect.
@Suite("Cancel all and restart", .timeLimit(.minutes(5)))
struct CancelAllAndRestartTests {
    private func fedModel(speed: Double = 1) async -> DashboardModel {
        var model = DashboardModel(size: Size(width: 80, height: 24), speed: speed)
        let typical = await Fixtures.typicalModel(Size(width: 80, height: 24))
        model.tasks = typical.tasks
        model.workers = typical.workers
        model.queue = typical.queue
        model.simulationNow = typical.simulationNow
        if let log = typical.log { model.receive(log) }
        return model
    }

    @Test func capital_c_asks_on_the_bottom_line_and_only_y_cancels() async throws {
        var model = await fedModel()
        let live = try #require(model.tasks?.live.count)
        #expect(model.update(.key(.character("C"))).isEmpty, "nothing is cancelled before the answer")
        let bottom = DashboardView.render(model, theme: .color).textLines().last ?? ""
        #expect(bottom.hasPrefix(" Cancel all \(live) tasks? y/n"), "\(bottom)")

        #expect(model.update(.key(.character("n"))).isEmpty)
        #expect(model.confirmation == nil)
        #expect(!(DashboardView.render(model, theme: .color).textLines().last ?? "").contains("Cancel all"))

        _ = model.update(.key(.character("C")))
        #expect(model.update(.key(.character("q"))).isEmpty, "any other key only takes the question away")
        #expect(model.exitStatus == nil && model.confirmation == nil)

        _ = model.update(.key(.character("C")))
        #expect(model.update(.key(.character("y"))) == [.perform(.cancelAll)])
        #expect(model.confirmation == nil)
    }

    @Test func capital_r_forgets_the_run_and_asks_for_a_restart_only() async throws {
        var model = await fedModel(speed: 2)
        model.apply(.fasterClock)
        model.apply(.togglePause)
        model.apply(.startLesson(1))
        model.apply(.selectNextTask)
        model.apply(.sortByNextColumn)
        _ = model.takeCommands()
        let effects = model.update(.key(.character("R")))
        #expect(effects == [.restartScenario], "no note or command of the old run goes with it")
        #expect(model.tasks == nil && model.workers == nil && model.queue == nil && model.log == nil)
        #expect(!model.isPaused && model.speed == 2, "the start's speed, running")
        #expect(model.scene == nil && model.taskView.selected == nil)
        #expect(model.taskView.sortColumn == .name, "the way of looking stays")
        #expect(model.uptime == .zero && model.simulationNow == nil)
        // The next key is an ordinary key again.
        #expect(model.update(.key(.character("s"))) == [.perform(.spawnJob)])
    }

    private func encoded(_ events: [SimulationEvent]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(events)
    }

    /// Keys at fixed instants after the (re)start: a job at 1.5 s, a permit more at 2.5 s, a
    /// worker fewer and a cancel at 4 s, then 3 more seconds.
    private static let afterStart = "<Wait:1.5>s<Wait:1>+<Wait:1.5>Wjc<Wait:3>"

    private func run(after: Duration, keys: String) async throws -> HeadlessRun.Outcome {
        var settings = ScenarioSettings()
        settings.seed = 11
        settings.failurePercent = 10
        let script = try #require(HeadlessRun.parseKeys(keys))
        return await HeadlessRun.run(settings: settings, after: after, keys: script, size: Size(width: 120, height: 36),
                                     theme: .monochrome, log: .activity)
    }

    @Test func a_restarted_run_is_the_run_a_fresh_start_gives() async throws {
        let fresh = try await run(after: .zero, keys: Self.afterStart)
        // Three seconds of another history first, everything cancelled, then R.
        let restarted = try await run(after: .seconds(3), keys: "s+<Wait:0.7>Cy<Wait:0.3>R" + Self.afterStart)
        #expect(fresh.events.events.count > 100)
        #expect(try encoded(restarted.events.events) == encoded(fresh.events.events),
                "the restarted run logged other events than a fresh one")
        // The panes agree too (the header's uptime counts the whole session, so it is left out).
        #expect(restarted.screen.textLines().dropFirst() == fresh.screen.textLines().dropFirst())
    }

    @Test func r_does_nothing_behind_the_help() async {
        var model = await fedModel()
        model.apply(.toggleHelp)
        #expect(model.update(.key(.character("R"))).isEmpty)
        #expect(model.tasks != nil && model.overlay == .help)
    }

    @Test func a_restart_goes_back_to_the_start_settings_not_the_live_ones() async throws {
        let restarted = try await run(after: .seconds(1), keys: "+++www}}<Wait:1>R<Wait:1>")
        let fresh = try await run(after: .seconds(1), keys: "")
        #expect(try encoded(restarted.events.events) == encoded(fresh.events.events))
    }
}
