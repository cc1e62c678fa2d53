import AsyncDemoCore
import Locking
import TerminalKit
import Logging
import Testing

@testable import Dashboard
@testable import Simulation

/// Real time as the render loop sees it, moved only by the test.
final class ManualRenderClock: RenderClock {
    private struct State {
        var now = ContinuousClock.now
        var sleepers: [(id: Int, deadline: ContinuousClock.Instant, wake: CheckedContinuation<Void, any Error>)] = []
        var nextID = 0
        var cancelledEarly: Set<Int> = []
    }

    private let state = LockedState(State())

    var now: ContinuousClock.Instant { state.withLock { $0.now } }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Returns how many sleepers it woke.
    @discardableResult
    func advance(by duration: Duration) -> Int {
        let due = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.wake.resume() }
        return due.count
    }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelledEarly.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append((id, deadline, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let cancelled = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledEarly.insert(id)
                    return nil as CheckedContinuation<Void, any Error>?
                }
                return state.sleepers.remove(at: index).wake
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }
}

/// A terminal a test types into and reads from.
@MainActor
final class FakeTerminal: InteractiveTerminal {
    nonisolated let events: AsyncStream<TerminalEvent>
    private let input: AsyncStream<TerminalEvent>.Continuation
    var size: Size
    private(set) var presented: [[CellRun]] = []
    /// When each write came, on the clock the test moves (when it gave one).
    private(set) var presentedAt: [ContinuousClock.Instant] = []
    var clock: ManualRenderClock?
    private(set) var suspensions = 0

    init(size: Size) {
        self.size = size
        (events, input) = AsyncStream.makeStream()
    }

    func send(_ event: TerminalEvent) { input.yield(event) }

    func present(_ runs: [CellRun]) {
        presented.append(runs)
        if let clock { presentedAt.append(clock.now) }
    }

    func suspendToShell() { suspensions += 1 }

    /// Cells the last write sent.
    var lastWriteCells: Int { presented.last?.reduce(0) { $0 + $1.cells.count } ?? 0 }
}

/// The render loop without a terminal or real time: frame pacing, the fps cap, redraws after a
/// resize and after Ctrl-Z, and no wake-ups while paused.
@Suite("Render loop", .timeLimit(.minutes(1)))
@MainActor struct RunnerTests {
    private static let interval: Duration = .seconds(1) / 30

    private func start(size: Size = Size(width: 100, height: 30), maxFramesPerSecond: Int = 30)
        -> (DashboardRunner, FakeTerminal, ManualRenderClock, Task<Int32, Never>)
    {
        let terminal = FakeTerminal(size: size)
        let clock = ManualRenderClock()
        terminal.clock = clock
        let runner = DashboardRunner(terminal: terminal, theme: .monochrome, maxFramesPerSecond: maxFramesPerSecond,
                                     logFeed: nil, scenario: nil, activity: nil, showStats: false, clock: clock)
        return (runner, terminal, clock, Task { await runner.run() })
    }

    @Test func keys_within_one_frame_interval_draw_once_at_the_next_slot() async {
        let (runner, terminal, clock, running) = start()
        await waitUntil("the first frame") { runner.framesDrawn == 1 }
        for _ in 0..<3 { terminal.send(.key(.character("x"))) }
        await waitUntil("the three keys handled") { runner.inputsHandled == 3 }
        #expect(runner.model.speed == 0.1)
        #expect(runner.framesDrawn == 1, "frames are never closer than the interval: the cap holds")
        clock.advance(by: Self.interval)
        await waitUntil("the slot's frame") { runner.framesDrawn == 2 }
        #expect(terminal.presented.count == 2)
        terminal.send(.key(.character("q")))
        #expect(await running.value == 0)
    }

    /// Before, a key drew at once whatever the cap, and the header showed 36 to 45 fps at 30.
    /// With the cap at 4 (few keys, so the test stays quick on a loaded machine) and a key every
    /// 130 ms for 1.3 s: no two writes are closer than the 250 ms interval, the keys still draw
    /// at every other one (the first clock reading past each slot), and the header's count of
    /// the last second's frames never passes the cap.
    @Test func keys_faster_than_the_cap_draw_once_an_interval_and_the_header_never_passes_it() async {
        let (runner, terminal, clock, running) = start(maxFramesPerSecond: 4)
        await waitUntil("the first frame") { runner.framesDrawn == 1 }
        var highest = 0
        for step in 1...10 {
            let speed = runner.model.speed
            terminal.send(.key(.character(step.isMultiple(of: 2) ? "X" : "x")))
            await waitUntil("key \(step) handled") { runner.model.speed != speed }
            highest = max(highest, runner.model.framesPerSecond)
            clock.advance(by: .milliseconds(130))
        }
        let times = terminal.presentedAt
        let closest = zip(times, times.dropFirst()).map { $1 - $0 }.min()
        #expect(closest.map { $0 >= .milliseconds(250) } == true, "writes \(closest.map { "\($0)" } ?? "-") apart")
        #expect(times.count >= 4, "\(times.count) frames in 1.3 s of keys")
        #expect(highest <= 4, "the header showed \(highest) fps with the cap at 4")
        terminal.send(.key(.character("q")))
        #expect(await running.value == 0)
    }

    @Test func a_resize_redraws_every_cell_at_the_new_size() async {
        let (runner, terminal, clock, running) = start()
        await waitUntil("the first frame") { runner.framesDrawn == 1 }
        terminal.size = Size(width: 80, height: 24)
        terminal.send(.resize(Size(width: 80, height: 24)))
        clock.advance(by: Self.interval)
        await waitUntil("the frame after the resize") { runner.framesDrawn == 2 }
        #expect(runner.model.size == Size(width: 80, height: 24))
        #expect(terminal.lastWriteCells == 80 * 24, "every cell, none skipped as unchanged")
        terminal.send(.signal(.terminate))
        #expect(await running.value == 143)
    }

    @Test func after_ctrl_z_it_gives_the_terminal_back_and_repaints_everything() async {
        let (runner, terminal, clock, running) = start()
        await waitUntil("the first frame") { runner.framesDrawn == 1 }
        terminal.send(.signal(.suspend))
        await waitUntil("suspended") { terminal.suspensions == 1 }
        clock.advance(by: Self.interval)
        await waitUntil("the repaint") { runner.framesDrawn == 2 }
        #expect(terminal.lastWriteCells == 100 * 30)
        terminal.send(.signal(.interrupt))
        #expect(await running.value == 130)
    }

    @Test func paused_and_untouched_it_does_not_wake() async {
        let (runner, terminal, clock, running) = start()
        await waitUntil("the first frame") { runner.framesDrawn == 1 }
        await waitUntil("running, the uptime asks for a wake a second") { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1))
        await waitUntil("the uptime's frame") { runner.framesDrawn == 2 }
        terminal.send(.key(.character(" ")))
        await waitUntil("paused") { runner.model.isPaused }
        clock.advance(by: Self.interval)
        await waitUntil("the paused header drawn") { runner.framesDrawn == 3 }
        await waitUntil("the superseded uptime wake cancelled") { clock.sleeperCount == 0 }
        let drawn = runner.framesDrawn
        for _ in 0..<10 { clock.advance(by: .seconds(1)) }
        // Whatever the loop was told has been handled once a key that changes the model shows.
        terminal.send(.key(.character("?")))
        await waitUntil("the help overlay") { runner.model.overlay == .help }
        #expect(runner.framesDrawn == drawn + 1, "the key's own frame, and none in ten paused seconds")
        terminal.send(.key(.character("q")))
        #expect(await running.value == 0)
    }

    /// A runner on the default scenario, started paused, once its ten tasks are shown.
    private func startWithScenario() async -> (DashboardRunner, FakeTerminal, DemoScenario, Task<Int32, Never>) {
        let terminal = FakeTerminal(size: Size(width: 100, height: 30))
        let scenario = DemoScenario(settings: ScenarioSettings(), log: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                    startPaused: true)
        let runner = DashboardRunner(terminal: terminal, theme: .monochrome, maxFramesPerSecond: 30, logFeed: nil,
                                     scenario: scenario, activity: nil, showStats: false, clock: ManualRenderClock())
        let running = Task { await runner.run() }
        await waitUntil("the scenario's tasks shown") { runner.model.tasks?.live.count == 10 }
        return (runner, terminal, scenario, running)
    }

    /// `C`, `y` cancels every task of the live scenario; `R` then starts it again: the frames that
    /// follow are a fresh run's (nothing cancelled), not the old one's.
    @Test func capital_r_restarts_the_scenario_after_everything_was_cancelled() async {
        let (runner, terminal, _, running) = await startWithScenario()
        terminal.send(.key(.character("C")))
        terminal.send(.key(.character("y")))
        await waitUntil("every task cancelled") { runner.model.tasks?.counters.cancelled == 10 }
        terminal.send(.key(.character("R")))
        await waitUntil("the restarted run's tasks") {
            runner.model.tasks?.counters.cancelled == 0 && runner.model.tasks?.live.count == 10
        }
        #expect(runner.model.tasks?.counters.spawned == 10, "a fresh run: the ten tasks of a start, numbered anew")
        terminal.send(.key(.character("q")))
        #expect(await running.value == 0)
    }

    /// Paused, `,` shows the past (the runner folds it from the event log) and `.` comes back to
    /// the present; the simulation itself never left it.
    @Test func comma_shows_the_past_and_dot_returns_to_the_present() async {
        let (runner, terminal, scenario, running) = await startWithScenario()
        terminal.send(.key(.character(" ")))
        for _ in 0..<3 { terminal.send(.key(.character("."))) }
        let present = SimulationInstant(sinceStart: .milliseconds(300))
        await waitUntil("three steps shown") { runner.model.simulationNow == present }
        terminal.send(.key(.character(",")))
        await waitUntil("the past shown") { runner.model.simulationNow == SimulationInstant(sinceStart: .milliseconds(200)) }
        #expect(runner.model.past?.behind == .milliseconds(100))
        #expect(scenario.time.now() == present, "the simulation stays at the present")
        terminal.send(.key(.character(".")))
        await waitUntil("the present again") { runner.model.past == nil }
        #expect(runner.model.simulationNow == present)
        terminal.send(.key(.character("q")))
        #expect(await running.value == 0)
    }
}

/// Polls a main-actor condition until it holds, failing the test after thirty seconds (as
/// TestSupport's `eventually`: a loaded machine's busy test threads).
@MainActor
func waitUntil(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () -> Bool) async {
    let deadline = ContinuousClock.now.advanced(by: .seconds(30))
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
            return
        }
        try? await Task.sleep(for: .milliseconds(1))
    }
}
