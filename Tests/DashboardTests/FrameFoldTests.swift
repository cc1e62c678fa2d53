import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// A frame read from the event log alone is the frame the live run showed at that instant: the
/// same figures in every pane, and the same screen drawn from it.
@Suite("Frames folded from the event log", .timeLimit(.minutes(5)))
struct FrameFoldTests {
    /// Spawns, cancels, permit and capacity resizes (`>`; a `<` would begin a key's name), rate changes, producers, consumers and
    /// workers added and removed, over 40 simulated seconds.
    static let script = HeadlessRun.parseKeys(
        "<Wait:1>ss<Wait:1.5>+<Wait:1>]>><Wait:2>c<Wait:1>p}<Wait:2>-[<Wait:3>wsj<Wait:1>c<Wait:2>W{P"
            + "<Wait:3>]]s<Wait:4>++<Wait:3>ssjjc<Wait:12>")!

    static var settings: ScenarioSettings {
        var settings = ScenarioSettings()
        settings.seed = 11
        settings.failurePercent = 10
        return settings
    }

    /// What the panes show of a frame, as values that can be compared.
    struct Figures: Equatable, CustomStringConvertible {
        var workers: [String]
        var semaphore: [String]
        var queue: [String]
        var tasks: [String]
        var activity: LogSnapshot
        var lanes: Int

        init(_ frame: SimulationFrame) {
            workers = frame.workers.rows.map { "\($0.id) \($0.label) \($0.isJob) \($0.phase) \($0.since)" }
            let s = frame.workers.semaphore
            semaphore = ["\(s.permits) \(s.held) \(s.available) \(s.waiterCount) \(s.holders) \(s.totalGrants) \(s.peakHeld)"]
                + s.waiters.map { "\(String(describing: $0.owner)) \($0.since) \($0.waited)" }
            let q = frame.queue
            queue = ["\(q.queue.capacity) \(q.queue.depth) \(q.queue.highWater) \(q.queue.sent) \(q.queue.received)",
                     "\(q.queue.blockedSenders) \(q.queue.blockedReceivers) \(q.depthHistory) \(q.sendRate) \(q.receiveRate)",
                     "\(q.producers) \(q.consumers) \(q.ratePerProducer)"]
            let t = frame.tasks
            tasks = ["\(t.version) \(t.counters) \(t.liveCount) \(String(describing: t.lastIllegalTransition))"]
                + (t.live + t.recentlyFinished).map {
                    "\($0.id) \($0.name) \($0.kind) \(String(describing: $0.parent)) \($0.state) \($0.stateSince) \($0.timeline) \($0.droppedTransitions)"
                }
            activity = frame.activity
            lanes = frame.history.lanes.lanes.count
        }

        var description: String { "\(workers)\n\(semaphore)\n\(queue)\n\(tasks.prefix(3))" }
    }

    /// At every 100 ms of a 40-second run with keys, the frame folded from the log equals the
    /// live frame, in its figures and in the screen drawn from it at 120x36.
    @Test func the_frame_folded_from_the_log_equals_the_live_frame_at_every_instant() async throws {
        let size = Size(width: 120, height: 36)
        var fold = FrameFold(settings: Self.settings)
        var live = DashboardModel(size: size), folded = DashboardModel(size: size)
        var compared = 0, mismatches: [String] = []
        let outcome = await HeadlessRun.run(
            settings: Self.settings, after: .seconds(1), keys: Self.script, size: size, theme: .monochrome, log: .activity
        ) { frame, events in
            for event in events.events(after: fold.sequence) where event.sequence <= frame.sequence {
                do { try fold.apply(event) } catch { mismatches.append("\(error)") }
            }
            let fromLog = fold.frame(at: frame.instant, droppedEvents: frame.droppedEvents)
            compared += 1
            guard mismatches.count < 3 else { return }
            let liveFigures = Figures(frame), foldFigures = Figures(fromLog)
            if liveFigures != foldFigures {
                mismatches.append("at \(frame.instant): figures differ\nlive:\n\(liveFigures)\nfold:\n\(foldFigures)")
            }
            _ = live.update(.frame(frame))
            _ = folded.update(.frame(fromLog))
            let liveScreen = DashboardView.render(live, theme: .monochrome).textLines()
            let foldScreen = DashboardView.render(folded, theme: .monochrome).textLines()
            if liveScreen != foldScreen {
                let lines = zip(liveScreen, foldScreen).filter { $0 != $1 }.prefix(4).map { "live: \($0)\nfold: \($1)" }
                mismatches.append("at \(frame.instant): screens differ\n\(lines.joined(separator: "\n"))")
            }
        }
        #expect(compared >= 100)
        let kinds = outcome.events.events.map(\.kind)
        #expect(kinds.contains { if case .queueResized = $0 { true } else { false } })
        #expect(kinds.contains { if case .permitsResized = $0 { true } else { false } })
        #expect(kinds.contains { if case .producerRateChanged = $0 { true } else { false } })
        #expect(kinds.contains { if case .taskFinished(_, .cancelled) = $0 { true } else { false } })
        #expect(kinds.contains { if case .taskFinished(_, .failed) = $0 { true } else { false } })
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
    }
}

@Suite("Seeking through checkpoints", .timeLimit(.minutes(5)))
struct EventReplayTests {
    /// A frame sought through the checkpoints (a small interval, so a seek crosses several)
    /// equals the frame folded from the very start, at instants between and on checkpoints.
    @Test func a_seek_from_the_nearest_checkpoint_equals_folding_from_the_start() async throws {
        let outcome = await HeadlessRun.run(
            settings: FrameFoldTests.settings, after: .seconds(1), keys: FrameFoldTests.script,
            size: Size(width: 120, height: 36), theme: .monochrome, log: .activity)
        let events = outcome.events.events
        var replay = EventReplay(start: FrameFold(settings: FrameFoldTests.settings), checkpointInterval: 64,
                                 checkpointLimit: 1_000)
        try replay.take(events)
        #expect(replay.checkpointCount > 20, "the run crosses many checkpoints")
        let last = try #require(events.last).at
        var fromStart = FrameFold(settings: FrameFoldTests.settings)
        var position = 0
        for tenth in stride(from: 0, through: Int(last.sinceStart.components.seconds) * 10, by: 7) {
            let instant = SimulationInstant(sinceStart: .milliseconds(tenth * 100))
            while position < events.count, events[position].at <= instant {
                try fromStart.apply(events[position])
                position += 1
            }
            let sought = try replay.frame(at: instant) { after, limit in
                Array(events.drop { $0.sequence <= after }.prefix(limit))
            }
            // Long and synchronous: let the tests beside it have the pool between seeks.
            await Task.yield()
            #expect(sought.sequence == fromStart.sequence)
            #expect(FrameFoldTests.Figures(sought) == FrameFoldTests.Figures(fromStart.frame(at: instant)),
                    "at \(instant)")
        }
    }

    /// With many live tasks the copies are spaced by the tasks, not by the interval: 1,000 live
    /// tasks and 12,000 events after them make three copies (one each 4,000 events), not 187.
    @Test func copies_are_spaced_further_with_many_live_tasks() throws {
        var replay = EventReplay(start: FrameFold(settings: ScenarioSettings()), checkpointInterval: 64)
        var sequence: UInt64 = 0
        func event(_ kind: SimulationEvent.Kind) -> SimulationEvent {
            sequence += 1
            return SimulationEvent(sequence: sequence, at: SimulationInstant(sinceStart: .milliseconds(Int64(sequence))), kind: kind)
        }
        var spawns: [SimulationEvent] = []
        for number in 1...1_000 {
            spawns.append(event(.taskSpawned(task: TaskID(rawValue: UInt64(number)), name: "t\(number)", kind: "worker", parent: nil)))
        }
        try replay.take(spawns)
        let afterSpawns = replay.checkpointCount
        var changes: [SimulationEvent] = []
        for index in 0..<12_000 {
            let task = TaskID(rawValue: UInt64(index % 1_000 + 1))
            let state: TaskState = index % 2 == 0 ? .running : .suspended(.sleep)
            changes.append(event(.taskStateChanged(task: task, state: state)))
        }
        try replay.take(changes)
        #expect(replay.checkpointCount - afterSpawns == 3)
    }

    /// Past the ring's bound the oldest checkpoints go: the earliest instant moves on, and a
    /// seek before it shows the earliest one kept.
    @Test func the_ring_keeps_only_its_newest_checkpoints() async throws {
        let outcome = await HeadlessRun.run(
            settings: FrameFoldTests.settings, after: .seconds(20), keys: [], size: Size(width: 80, height: 24),
            theme: .monochrome, log: .activity)
        let events = outcome.events.events
        var replay = EventReplay(start: FrameFold(settings: FrameFoldTests.settings), checkpointInterval: 50,
                                 checkpointLimit: 4)
        try replay.take(events)
        #expect(replay.checkpointCount == 4)
        #expect(replay.earliest > .start)
        let frame = try replay.frame(at: .start) { after, limit in Array(events.drop { $0.sequence <= after }.prefix(limit)) }
        #expect(frame.instant == replay.earliest)
    }
}
