import AsyncDemoCore
import Locking
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The render loop attached to a stream made by hand: events shown as they arrive, `c` sent to
/// the program, the end of the stream said, the connection closed on quit.
@Suite("Render loop attached", .timeLimit(.minutes(1)))
@MainActor struct AttachRunnerTests {
    @Test func events_show_as_they_arrive_c_reaches_the_program_and_the_end_is_said() async {
        let (events, sink) = AsyncThrowingStream.makeStream(of: SimulationEvent.self, throwing: (any Error).self)
        let cancelled = LockedState<[TaskID]>([]), closed = LockedState(false)
        let feed = AttachFeed(AttachSource(
            program: "shop", pid: 42, events: events, droppedEvents: { 0 },
            cancel: { task in cancelled.withLock { $0.append(task) }; return true }, close: { closed.withLock { $0 = true } }))
        let terminal = FakeTerminal(size: Size(width: 120, height: 36))
        let clock = ManualRenderClock()
        let runner = DashboardRunner(terminal: terminal, theme: .monochrome, maxFramesPerSecond: 30, logFeed: nil,
                                     scenario: nil, activity: nil, showStats: false, clock: clock, attach: feed)
        let running = Task { await runner.run() }
        await waitUntil("the first frame") { runner.framesDrawn == 1 }
        #expect(runner.model.attachment?.program == "shop")
        let waiter = TaskID(rawValue: 5)
        sink.yield(SimulationEvent(sequence: 1, at: .start, kind: .permitsResized(permits: 2), resource: "db"))
        sink.yield(SimulationEvent(sequence: 2, at: .start, kind: .taskSpawned(task: waiter, name: "waiter", kind: "task", parent: nil)))
        await waitUntil("the waiter on the board") { runner.model.tasks?.liveTask(waiter) != nil }
        #expect(runner.model.resources.semaphores.map(\.name) == ["db"])
        terminal.send(.key(.character("c")))
        await waitUntil("the cancel sent") { cancelled.withLock { $0 } == [waiter] }
        sink.finish()
        await waitUntil("the end said") { runner.model.attachment?.ended == "the program exited" }
        #expect(runner.model.tasks?.liveTask(waiter) != nil, "the last state stays on screen")
        terminal.send(.key(.character("q")))
        #expect(await running.value == 0)
        #expect(closed.withLock { $0 })
    }
}
