import AsyncDemoCore
import Dashboard
import Simulation
import TerminalKit
import Testing
@testable import Dashboard

/// `asyncdemo-tui replay`: the render loop plays a recording at the pace of its clock, with no
/// scenario; space, `.`, `g` and `G` move it, and keys that would change the run are refused.
@Suite("Replay in the render loop", .timeLimit(.minutes(1)))
@MainActor struct ReplayRunnerTests {
    @Test func the_clock_plays_the_recording_and_the_keys_pause_step_and_seek_it() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        _ = try await recordedRun(after: .seconds(10), to: path)
        let recording = try RecordingReader.read(path: path)
        let end = try #require(recording.events.last?.at)
        let terminal = FakeTerminal(size: Size(width: 100, height: 30))
        let clock = ManualRenderClock()
        let runner = DashboardRunner(terminal: terminal, theme: .monochrome, maxFramesPerSecond: 30, logFeed: nil,
                                     scenario: nil, activity: nil, showStats: false, clock: clock, replay: recording,
                                     replayFrom: .seconds(2))
        let running = Task { await runner.run() }
        await waitUntil("the first frame at 2 s") { runner.model.simulationNow == .start + .seconds(2) }
        #expect(runner.model.isReplay)

        // Played: a second of the clock is a second of the recording (at its speed, 1).
        for _ in 0..<30 {
            clock.advance(by: .seconds(1) / 30)
            await Task.yield()
        }
        await waitUntil("a second later") { runner.model.simulationNow.map { $0 >= .start + .milliseconds(2_900) } == true }

        terminal.send(.key(.character(" ")))
        await waitUntil("paused") { runner.model.isPaused }
        let paused = try #require(runner.model.simulationNow)
        clock.advance(by: .seconds(2))
        terminal.send(.key(.character(".")))
        await waitUntil("one step on") { runner.model.simulationNow == paused + .milliseconds(100) }

        terminal.send(.key(.character("s")))
        await waitUntil("the spawn refused") { runner.model.footerNotice == "a replay shows the run as it was recorded" }
        terminal.send(.key(.character("G")))
        await waitUntil("the end") { runner.model.simulationNow == end }
        terminal.send(.key(.character("g")))
        await waitUntil("the start") { runner.model.simulationNow == .start }
        terminal.send(.key(.character("q")))
        #expect(await running.value == 0)
    }
}
