import AsyncDemoCore
import Locking
import Testing
import TestSupport

/// The event log keeps its events encoded: what goes in must come out exactly, in order and
/// numbered, across the storage's chunks and after the oldest are dropped.
@Suite struct EventLogTests {
    /// A log whose clock the test sets.
    private final class Fixture: Sendable {
        let instant = LockedState(SimulationClock.Instant(sinceStart: .zero))
        let log: EventLog

        init(capacity: Int) {
            let instant = instant
            log = EventLog(capacity: capacity) { instant.withLock { $0 } }
        }

        func append(_ kind: SimulationEvent.Kind, at time: Duration) -> SimulationEvent {
            instant.withLock { $0 = SimulationClock.Instant(sinceStart: time) }
            log.append(kind)
            return SimulationEvent(sequence: log.sequence, at: SimulationClock.Instant(sinceStart: time), kind: kind)
        }
    }

    /// Every kind of event and task state, with names in several scripts and sizes.
    private static func kind(_ index: Int, random: inout SeededRandom) -> SimulationEvent.Kind {
        let task = TaskID(rawValue: UInt64.random(in: 0...UInt64.max, using: &random))
        let text = ["", "w3", "permit granted to w3 (#3) after 0.40 s", "日本語 ✓ \u{1B}[2J", String(repeating: "é", count: 300)][index % 5]
        let states: [TaskState] = [.created, .running, .completed, .cancelled, .failed(text)]
            + WaitReason.allCases.map(TaskState.waiting) + SuspendReason.allCases.map(TaskState.suspended)
        let state = states[Int.random(in: 0..<states.count, using: &random)]
        let number = Int.random(in: Int.min...Int.max, using: &random)
        switch index % 27 {
        case 0: return .taskSpawned(task: task, name: text, kind: "worker", parent: index % 3 == 0 ? nil : TaskID(rawValue: 0))
        case 1: return .taskStateChanged(task: task, state: state)
        case 2: return .taskFinished(task: task, state: state)
        case 3: return .permitRequested(task: task)
        case 4: return .permitGranted(task: task, waitedNanoseconds: Int64(number))
        case 5: return .permitReleased(task: task)
        case 6: return .permitRequestCancelled(task: task)
        case 7: return .permitsResized(permits: number)
        case 8: return .itemEnqueued(item: number, producer: task, depth: index)
        case 9: return .itemDequeued(item: index, consumer: task, depth: -number / 2)
        case 10: return .producerBlocked(task: task)
        case 11: return .producerUnblocked(task: task)
        case 12: return .queueResized(capacity: number)
        case 13: return .logLine(level: index % 2 == 0 ? "info" : "error", message: text)
        case 14: return .lessonMarked(run: number, mark: Self.mark(text, number, random: &random))
        case 15: return .workStarted(task: task, plannedNanoseconds: Int64(truncatingIfNeeded: number))
        case 16: return .producerRateChanged(perSecond: Double(number) / 7)
        case 17: return .queueSampled(depth: index, sent: number, received: -index)
        case 18: return .taskTransitionRefused(description: text)
        case 19: return .lessonStarted(run: number, lesson: text)
        case 20: return .lessonSaid(run: index, line: text)
        case 21: return .lessonFileLinesRead(run: number, lines: Array(repeating: text, count: index % 4))
        case 22: return .lessonEnded(run: index, state: state)
        case 23: return .lessonClosed(run: number)
        case 24: return .taskRenamed(task: task, name: text)
        case 25: return .presentRetold(events: number)
        default: return .commandApplied(command: text)
        }
    }

    /// Every kind of scene mark, with `text` and `number` in its fields.
    private static func mark(_ text: String, _ number: Int, random: inout SeededRandom) -> SceneMark {
        let nanoseconds = Duration.nanoseconds(Int64(truncatingIfNeeded: number) / 4)
        let kinds: [SceneMark.Kind] = [
            .timelineSpan(nanoseconds), .barStarted(track: text, label: text),
            .barEnded(track: text, label: "b", .failed), .countdownStarted(label: text, limit: nanoseconds),
            .countdownEnded(label: text, timedOut: number % 2 == 0), .generator(.paused), .generated(number),
            .gauge(label: text, value: number, limit: 8, note: text), .holders(holding: [text, "w2"], waiting: []),
            .follows(path: text), .stopsFollowing(afterLines: number),
        ]
        return SceneMark(at: nanoseconds, kinds[Int.random(in: 0..<kinds.count, using: &random)])
    }

    /// Instants that stay, step by whole nanoseconds, by parts of one, by years, or go back.
    private static func time(after previous: Duration, random: inout SeededRandom) -> Duration {
        switch Int.random(in: 0..<6, using: &random) {
        case 0, 1: previous
        case 2: previous + .milliseconds(Int64.random(in: 1...5_000, using: &random))
        case 3: previous + Duration(secondsComponent: 0, attosecondsComponent: Int64.random(in: 1...999_999_999_999, using: &random))
        case 4: previous + .seconds(Int64.random(in: 1...100_000_000_000, using: &random))
        default: previous - .microseconds(Int64.random(in: 1...1000, using: &random))
        }
    }

    @Test func every_event_comes_back_exactly_in_order_across_chunks_and_drops() {
        var random = SeededRandom(seed: 13)
        let fixture = Fixture(capacity: 10_000)
        var appended: [SimulationEvent] = []
        var time = Duration.zero
        for index in 0..<25_000 {
            time = Self.time(after: time, random: &random)
            appended.append(fixture.append(Self.kind(index, random: &random), at: time))
        }
        let contents = fixture.log.contents()
        #expect(contents.dropped == 15_000)
        #expect(contents.events == Array(appended.suffix(10_000)))
        for after: UInt64 in [0, 14_999, 15_000, 15_001, 16_383, 16_384, 20_480, 24_999, 25_000, 30_000] {
            let expected = appended.filter { $0.sequence > after }.suffix(10_000)
            #expect(fixture.log.events(after: after) == Array(expected), "events after \(after)")
            // A seek reads a batch at a time: the first `limit` of the same, across chunk ends.
            for limit in [0, 1, 1_024, 4_096, 5_000] {
                #expect(fixture.log.events(after: after, limit: limit) == Array(expected.prefix(limit)),
                        "\(limit) events after \(after)")
            }
        }
    }

    @Test func an_empty_or_drained_log_gives_nothing() {
        let fixture = Fixture(capacity: 1)
        #expect(fixture.log.contents().events.isEmpty)
        #expect(fixture.log.events(after: 0).isEmpty)
        let last = [0, 1, 2].map { fixture.append(.permitsResized(permits: $0), at: .seconds($0)) }.last!
        #expect(fixture.log.contents().events == [last])
        #expect(fixture.log.contents().dropped == 2)
        #expect(fixture.log.events(after: 2) == [last])
    }

    /// A full log of the events a busy run makes (state changes, log lines, permits) takes under
    /// 5 MB; kept as `SimulationEvent`s it took 80 bytes an event, 16 MB, and the log lines'
    /// texts a heap block each besides.
    @Test func a_full_log_of_typical_events_takes_under_25_bytes_an_event() {
        let fixture = Fixture(capacity: 200_000)
        var time = Duration.zero
        for index in 0..<250_000 {
            if index % 4 == 0 { time += .milliseconds(37) }
            let task = TaskID(rawValue: UInt64(index / 10))
            let kind: SimulationEvent.Kind = switch index % 5 {
            case 0: .taskStateChanged(task: task, state: .waiting(.semaphore))
            case 1: .logLine(level: "info", message: "permit granted to job-\(index / 10) (#\(index / 10)) after 0.4s")
            case 2: .permitGranted(task: task, waitedNanoseconds: 400_000_000)
            case 3: .taskSpawned(task: task, name: "job-\(index / 10)", kind: "job", parent: nil)
            default: .taskFinished(task: task, state: .completed)
            }
            _ = fixture.append(kind, at: time)
        }
        let bytes = fixture.log.storedBytes
        #expect(bytes < 200_000 * 25, "\(bytes) bytes for 200,000 events")
        #expect(MemoryLayout<SimulationEvent>.stride >= 80, "the uncompressed form this is measured against")
    }

    /// A recording reads the log in batches: each batch is the same events a whole read gives,
    /// across the chunks' edges and after drops.
    @Test func a_limited_read_is_the_front_of_the_whole_read() {
        let log = EventLog(capacity: 10_000) { .start }
        for index in 0..<13_000 { log.append(.permitsResized(permits: index)) }
        let whole = log.contents().events
        #expect(whole.first?.sequence == 3_001)
        for (after, limit) in [(UInt64(0), 5_000), (3_500, 4_096), (7_000, 1), (12_999, 10), (13_000, 5), (5_000, 0)] {
            let expected = Array(whole.filter { $0.sequence > after }.prefix(limit))
            #expect(log.events(after: after, limit: limit) == expected, "after \(after), limit \(limit)")
        }
    }
}
