import AsyncDemoCore
import Dashboard
import Foundation
import ProbeClient
import Simulation
import Synchronization
import TerminalKit
import Testing
import TestSupport

/// A terminal the test types into; what is drawn is read from the runner's model.
@MainActor
final class KeyboardOnlyTerminal: InteractiveTerminal {
    nonisolated let events: AsyncStream<TerminalEvent>
    private let input: AsyncStream<TerminalEvent>.Continuation
    let size = Size(width: 120, height: 36)

    init() { (events, input) = AsyncStream.makeStream() }

    func send(_ event: TerminalEvent) { input.yield(event) }
    func present(_ runs: [CellRun]) {}
    func suspendToShell() {}
}

/// The attached program exits, one of its name starts again: the dashboard offers it, `r`
/// attaches to it afresh.
@Suite("Reattaching to a program started again", .serialized, .timeLimit(.minutes(3)))
struct ReattachTests {
    /// The dashboard's feed of the probe at `socket`, as `attach` makes it.
    static func feed(_ socket: String) async throws -> AttachFeed {
        let connection = try await ProbeConnection.connect(to: socket)
        return AttachFeed(AttachSource(
            program: connection.header.program ?? "program", pid: connection.header.pid ?? 0, eventBatches: connection.eventBatches,
            droppedEvents: { connection.droppedEvents }, cancel: { connection.cancel($0) }, close: { connection.close() }))
    }

    /// How often the watcher has looked in the folder.
    final class Looks: Sendable {
        let count = Atomic<Int>(0)
    }

    /// As `attach` finds one, in the test's own probes' folder.
    static func reattacher(in folder: String, looks: Looks) -> Reattacher {
        Reattacher(
            interval: .milliseconds(100),
            namesakes: { program, pid in
                looks.count.add(1, ordering: .relaxed)
                return ProbeConnection.attachablePrograms(in: folder).filter { $0.program == program && $0.pid != pid }
                    .map { ReattachTarget(pid: $0.pid, socketPath: $0.socketPath) }
            },
            connect: { target in try await feed(target.socketPath) })
    }

    private static func taskNames(_ runner: DashboardRunner) async -> Set<String> {
        await Set(runner.model.tasks?.live.map(\.name) ?? [])
    }

    private static func attachment(_ runner: DashboardRunner) async -> Dashboard.Attachment? { await runner.model.attachment }

    @Test func test_after_the_program_exits_one_of_its_name_is_offered_and_r_attaches_to_its_tasks() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.path + "/probes"
        let terminal = await KeyboardOnlyTerminal()
        let looks = Looks()
        let (runner, running, firstPid) = try await ProbeSample.with(socketFolder: folder, scratch: scratch) { sample in
            let runner = await DashboardRunner(terminal: terminal, theme: .monochrome, maxFramesPerSecond: 30,
                                         attach: try await Self.feed(sample.socketPath), reattacher: Self.reattacher(in: folder, looks: looks))
            let running = Task { await runner.run() }
            await eventually("the first program's tasks") {
                let pid = await Self.attachment(runner)?.pid
                let names = await Self.taskNames(runner)
                return pid == sample.process.pid && !names.isEmpty
            }
            await sample.process.stop()
            await eventually("the exit said") { await Self.attachment(runner)?.ended != nil }
            return (runner, running, sample.process.pid)
        }
        // A namesake running at the watcher's first look did not start again: the next one is
        // started only once the watcher has looked.
        await eventually("the watcher's first look") { looks.count.load(ordering: .relaxed) >= 1 }
        #expect(await Self.attachment(runner)?.successorPid == nil, "nothing is offered while no program of the name runs")
        try await ProbeSample.with(socketFolder: folder, scratch: scratch) { second in
            let newPid = second.process.pid
            await eventually("the offer") { await Self.attachment(runner)?.successorPid == newPid }
            let offered = await Self.attachment(runner)
            #expect(offered?.reattachOffer == "probe-sample started again (pid \(newPid)): r reattaches")
            #expect(offered?.pid == firstPid && offered?.ended != nil, "the old state stays until r")
            await terminal.send(.key(.character("r")))
            await eventually("the new program's tasks") {
                let now = await Self.attachment(runner)
                let names = await Self.taskNames(runner)
                return now?.pid == newPid && now?.ended == nil && names.contains("worker-1")
            }
            #expect(await Self.attachment(runner)?.successorPid == nil)
            await terminal.send(.key(.character("q")))
            #expect(await running.value == 0)
        }
    }
}
