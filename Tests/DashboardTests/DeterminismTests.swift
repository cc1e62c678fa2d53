import AsyncDemoCore
import Foundation
import Lessons
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The simulation is a function of its seed and of which keys arrive at which simulated
/// instants: stepped the same way, every run gives the same event log and the same screen.
@Suite("Deterministic simulation", .timeLimit(.minutes(5)))
struct DeterminismTests {
    /// Keys at fixed instants: a job at 1 s, a permit more at 2.5 s, a worker fewer and a
    /// cancel at 4 s, then 4 more seconds.
    private let script = HeadlessRun.parseKeys("<Wait:1>s<Wait:1.5>+<Wait:1.5>Wjc<Wait:4>")!

    private func run(seed: UInt64 = 7) async -> HeadlessRun.Outcome {
        var settings = ScenarioSettings()
        settings.seed = seed
        settings.failurePercent = 10
        return await HeadlessRun.run(
            settings: settings, after: .seconds(2), keys: script, size: Size(width: 120, height: 36),
            theme: .monochrome, log: .activity)
    }

    private func encoded(_ events: [SimulationEvent]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(events)
    }

    @Test func fifty_runs_of_one_seed_give_identical_event_logs_and_screens() async throws {
        let first = await run()
        let firstEvents = try encoded(first.events.events)
        #expect(first.events.events.count > 200, "a run with this much happening logs hundreds of events")
        #expect(first.events.events.contains { if case .commandApplied = $0.kind { true } else { false } })
        for attempt in 2...50 {
            let again = await run()
            #expect(try encoded(again.events.events) == firstEvents, "run \(attempt) logged other events")
            #expect(again.screen.textLines() == first.screen.textLines(), "run \(attempt) drew another screen")
        }
    }

    /// The scenes that show this machine's own figures, as the README and `snapshot --help` say.
    static let measuringScenes: Set = ["streams/system", "files/large-file"]

    /// `snapshot --scene` promises the same picture byte for byte for every other scene.
    @Test(arguments: LessonCatalog.lessons.flatMap { lesson in lesson.examples.map { "\(lesson.id)/\($0.id)" } }
        .filter { !measuringScenes.contains($0) })
    func a_scene_gives_the_same_screen_every_run(scene: String) async {
        func screen() async -> [String] {
            await HeadlessRun.render(settings: ScenarioSettings(), after: .seconds(8), keys: [], size: Size(width: 120, height: 36),
                                     theme: .monochrome, log: .activity, scene: scene).textLines()
        }
        let first = await screen()
        let second = await screen()
        #expect(second == first)
    }

    @Test func another_seed_gives_another_run() async throws {
        let one = await run(seed: 7), other = await run(seed: 8)
        #expect(try encoded(one.events.events) != encoded(other.events.events))
    }

    @Test func events_are_numbered_without_gaps_and_never_go_back_in_time() async {
        let events = await run().events
        #expect(events.dropped == 0)
        #expect(events.events.map(\.sequence) == Array(1...UInt64(events.events.count)))
        #expect(zip(events.events, events.events.dropFirst()).allSatisfy { $0.at <= $1.at })
    }

    /// Every frame of a minute shows one instant: the gauge's counts, as drawn, are the rows
    /// listed, and the Tasks pane is what the event log folds to at the frame's sequence number.
    @Test func at_every_frame_the_workers_gauge_agrees_with_the_workers_rows_and_the_tasks_pane() async {
        var settings = ScenarioSettings()
        settings.failurePercent = 10
        var frames = 0
        var mismatches: [String] = []
        var fold = TaskStatesFold()
        var model = DashboardModel(size: Size(width: 120, height: 36))
        let gaugeLine = #/(\d+)/\d+ held, (\d+) waiting/#
        _ = await HeadlessRun.run(
            settings: settings, after: .seconds(60), keys: [], size: Size(width: 120, height: 36),
            theme: .monochrome, log: .activity
        ) { frame, events in
            frames += 1
            // The Tasks pane is the fold of the log's task events at the frame's sequence number.
            for event in events.events(after: fold.sequence) where event.sequence <= frame.sequence {
                do { try fold.apply(event) } catch { mismatches.append("fold: \(error)") }
            }
            let listed = Dictionary(uniqueKeysWithValues: frame.tasks.live.map { ($0.id, $0.state) })
            if fold.live.mapValues(\.state) != listed || fold.sequence != frame.sequence {
                mismatches.append("at \(frame.instant.sinceStart): the log folds to \(fold.live.count) tasks, the pane lists \(listed.count)")
            }
            let semaphore = frame.workers.semaphore
            let holding = Set(frame.workers.rows.filter { if case .holding = $0.phase { true } else { false } }.map(\.id))
            let waiting = Set(frame.workers.rows.filter { $0.phase == .waiting }.map(\.id))
            let boardWaiting = Set(frame.tasks.live.filter { $0.state == .waiting(.semaphore) }.map(\.id))
            let instant = "at \(frame.instant.sinceStart)"
            if semaphore.held != holding.count || Set(semaphore.holders) != holding {
                mismatches.append("\(instant): gauge holds \(semaphore.held) \(semaphore.holders), rows hold \(holding)")
            }
            let inLine = Set(semaphore.waiters.compactMap(\.owner))
            if semaphore.waiterCount != waiting.count || inLine != waiting || boardWaiting != waiting {
                mismatches.append("\(instant): line \(inLine), rows waiting \(waiting), tasks waiting \(boardWaiting)")
            }
            // A holder runs (its permit's work) on the board: the Tasks pane lists no holder as waiting.
            let boardHolding = frame.tasks.live.filter { holding.contains($0.id) }
            if boardHolding.count != holding.count || boardHolding.contains(where: { $0.state != .running }) {
                mismatches.append("\(instant): rows hold \(holding), the Tasks pane has them \(boardHolding.map(\.state))")
            }
            // The gauge as the Workers pane draws it.
            _ = model.update(.frame(frame))
            let gauge = DashboardView.render(model, theme: .monochrome).textLines().lazy.compactMap { $0.firstMatch(of: gaugeLine) }.first
            if gauge.map({ Int($0.1) }) != holding.count || gauge.map({ Int($0.2) }) != waiting.count {
                mismatches.append("\(instant): the gauge draws \(gauge.map { String($0.0) } ?? "nothing"), the rows hold \(holding.count), \(waiting.count) wait")
            }
        }
        #expect(frames == 600)
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    /// The Workers gauge and the Queue pane's figures are what the event log folds to at each
    /// frame's sequence number, through resizes, a producer stopped while blocked, jobs and cancels.
    @Test func at_every_frame_the_semaphore_and_the_queue_are_what_the_event_log_folds_to() async {
        var settings = ScenarioSettings()
        settings.seed = 11
        settings.capacity = 3
        settings.rate = 8
        settings.producers = 3
        settings.failurePercent = 10
        let keys = HeadlessRun.parseKeys("<Wait:3>--<Wait:2>sss<Wait:2>P<Wait:3>+++<Wait:2>jjc<Wait:2>>>}}<Wait:5>")!
        var permits = PermitsFold(permits: settings.permits), queue = QueueFold(capacity: settings.capacity)
        var folded: UInt64 = 0, frames = 0, framesWithBlockedProducers = 0, mismatches: [String] = []
        _ = await HeadlessRun.run(
            settings: settings, after: .seconds(5), keys: keys, size: Size(width: 120, height: 36),
            theme: .monochrome, log: .activity
        ) { frame, events in
            frames += 1
            for event in events.events(after: folded) where event.sequence <= frame.sequence {
                permits.apply(event.kind)
                queue.apply(event.kind)
                folded = event.sequence
            }
            let semaphore = frame.workers.semaphore, shown = frame.queue.queue
            let instant = "at \(frame.instant.sinceStart)"
            if permits.permits != semaphore.permits || Set(permits.holders) != Set(semaphore.holders)
                || permits.waiters != semaphore.waiters.compactMap(\.owner) || permits.holders.count != semaphore.held {
                mismatches.append("\(instant): log says \(permits), gauge says \(semaphore)")
            }
            if queue.capacity != shown.capacity || queue.depth != shown.depth || queue.sent != shown.sent
                || queue.received != shown.received || queue.blockedProducers.count != shown.blockedSenders {
                mismatches.append("\(instant): log says \(queue), queue says \(shown)")
            }
            if !queue.blockedProducers.isEmpty { framesWithBlockedProducers += 1 }
        }
        #expect(frames > 200)
        #expect(framesWithBlockedProducers > 10, "a queue of 3 filled at 24 items/s holds its producers back")
        #expect(permits.permits == 4, "3, two fewer, three more")
        #expect(mismatches.count == 0, "\(mismatches.prefix(3))")
    }
}
