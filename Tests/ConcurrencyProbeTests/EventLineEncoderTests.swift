import AsyncDemoCore
@testable import ConcurrencyProbe
import Foundation
import Testing

/// The probe's hand-written JSON lines against the readers', which decode with `JSONDecoder`:
/// every event must read back as itself, and the line must be the one `JSONEncoder` writes.
@Suite struct EventLineEncoderTests {
    /// Quotes, backslashes, every kind of control byte, DEL, accents, CJK, an emoji, a slash.
    static let awkward = "say \"hi\" \\ path/to \n\r\t\u{8}\u{C}\u{0}\u{1B}[31m\u{1F}\u{7F} café 漢字 🦀 end"

    /// One event of every kind, the strings awkward ones.
    static let everyKind: [SimulationEvent.Kind] = [
        .taskSpawned(task: TaskID(rawValue: 7), name: awkward, kind: "span.server", parent: TaskID(rawValue: 3)),
        .taskSpawned(task: TaskID(rawValue: 8), name: "root", kind: awkward, parent: nil),
        .taskRenamed(task: TaskID(rawValue: 7), name: awkward),
        .presentRetold(events: 12), .presentRetold(events: 0),
        .taskStateChanged(task: TaskID(rawValue: 1), state: .running),
        .taskStateChanged(task: TaskID(rawValue: 1), state: .created),
        .taskStateChanged(task: TaskID(rawValue: 1), state: .waiting(.semaphore)),
        .taskStateChanged(task: TaskID(rawValue: 1), state: .waiting(.queueFull)),
        .taskStateChanged(task: TaskID(rawValue: 1), state: .suspended(.sleep)),
        .taskStateChanged(task: TaskID(rawValue: 1), state: .suspended(.io)),
        .taskFinished(task: TaskID(rawValue: 2), state: .completed),
        .taskFinished(task: TaskID(rawValue: 2), state: .cancelled),
        .taskFinished(task: TaskID(rawValue: 2), state: .failed(awkward)),
        .permitRequested(task: TaskID(rawValue: 0)),
        .permitGranted(task: TaskID(rawValue: UInt64.max), waitedNanoseconds: Int64.max),
        .permitGranted(task: TaskID(rawValue: 4), waitedNanoseconds: -12),
        .permitReleased(task: TaskID(rawValue: 4)),
        .permitRequestCancelled(task: TaskID(rawValue: 4)),
        .permitsResized(permits: 8),
        .permitsResized(permits: Int.min),
        .itemEnqueued(item: 41, producer: TaskID(rawValue: 5), depth: 3),
        .itemDequeued(item: -1, consumer: TaskID(rawValue: 6), depth: 0),
        .producerBlocked(task: TaskID(rawValue: 5)),
        .producerUnblocked(task: TaskID(rawValue: 5)),
        .queueResized(capacity: 64),
        .logLine(level: "info", message: awkward),
        .lessonStarted(run: 1, lesson: "basics/concurrent"),
        .lessonSaid(run: 2, line: awkward),
        .lessonMarked(run: 3, mark: SceneMark(at: .milliseconds(500), .barStarted(track: "sequential", label: awkward))),
        .lessonMarked(run: 3, mark: SceneMark(at: .zero, .holders(holding: ["a"], waiting: []))),
        .lessonFileLinesRead(run: 4, lines: [awkward, "", "two"]),
        .lessonFileLinesRead(run: 4, lines: []),
        .lessonEnded(run: 5, state: .failed("timed out")),
        .lessonClosed(run: 6),
        .commandApplied(command: awkward),
        .workStarted(task: TaskID(rawValue: 9), plannedNanoseconds: 3_000_000),
        .producerRateChanged(perSecond: 2.5),
        .producerRateChanged(perSecond: 1e300),
        .producerRateChanged(perSecond: -0.1),
        .queueSampled(depth: 1, sent: 2, received: 3),
        .taskTransitionRefused(description: awkward),
    ]

    static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func line(_ event: SimulationEvent) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try #require(EventLineEncoder.append(event, to: &bytes))
        return bytes
    }

    static func decoded(_ line: [UInt8]) throws -> SimulationEvent {
        try #require(line.last == UInt8(ascii: "\n"))
        try #require(line.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") }, "one event is one line")
        return try JSONDecoder().decode(SimulationEvent.self, from: Data(line.dropLast()))
    }

    @Test func test_every_kind_reads_back_as_itself_with_and_without_resource_and_fields() throws {
        let fieldSets: [[String: String]?] = [nil, [:], ["task": "7"], [Self.awkward: Self.awkward, "http.route": "/db", "links": "1,2"]]
        for kind in Self.everyKind {
            for resource in [nil, "db", Self.awkward] {
                for fields in fieldSets {
                    let event = SimulationEvent(
                        sequence: 12, at: SimulationInstant(sinceStart: .nanoseconds(1_234_567)), kind: kind, resource: resource, fields: fields)
                    #expect(try Self.decoded(Self.line(event)) == event, "\(kind)")
                }
            }
        }
    }

    @Test func test_a_line_is_the_one_json_encoder_writes() throws {
        let encoder = Self.jsonEncoder()
        for kind in Self.everyKind {
            let event = SimulationEvent(
                sequence: 3, at: SimulationInstant(sinceStart: .nanoseconds(99)), kind: kind, resource: "jobs", fields: ["task": "1", "logger": "hb"])
            let expected = try encoder.encode(event) + Data("\n".utf8)
            #expect(String(decoding: try Self.line(event), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test func test_a_rate_json_cannot_hold_appends_nothing() {
        for rate in [Double.nan, .infinity, -.infinity] {
            var bytes: [UInt8] = Array("kept".utf8)
            let event = SimulationEvent(sequence: 1, at: .start, kind: .producerRateChanged(perSecond: rate))
            #expect(!EventLineEncoder.append(event, to: &bytes))
            #expect(bytes == Array("kept".utf8))
        }
    }

    @Test func test_seeded_random_events_read_back_as_themselves() throws {
        var random = SeededRandom(seed: 15)
        for _ in 0..<3_000 {
            let event = SimulationEvent(
                sequence: random.next(), at: SimulationInstant(sinceStart: .nanoseconds(Int64.random(in: 0...Int64.max, using: &random))),
                kind: Self.randomKind(using: &random),
                resource: random.chance(50) ? Self.randomText(using: &random) : nil,
                fields: random.chance(50) ? Dictionary(
                    (0..<Int.random(in: 0...4, using: &random)).map { _ in (Self.randomText(using: &random), Self.randomText(using: &random)) },
                    uniquingKeysWith: { $1 }) : nil)
            #expect(try Self.decoded(Self.line(event)) == event, "\(event)")
        }
    }

    /// A kind of the probe's with random numbers and text (the lessons' kinds are in the table).
    static func randomKind(using random: inout SeededRandom) -> SimulationEvent.Kind {
        let task = TaskID(rawValue: random.next() >> UInt64.random(in: 0...63, using: &random))
        let number = Int.random(in: Int.min...Int.max, using: &random) >> Int.random(in: 0...63, using: &random)
        let states: [TaskState] = [.created, .running, .completed, .cancelled, .waiting(.queueEmpty), .waiting(.timer),
                                   .suspended(.io), .failed(randomText(using: &random))]
        switch Int.random(in: 0..<14, using: &random) {
        case 0: return .taskSpawned(task: task, name: randomText(using: &random), kind: randomText(using: &random),
                                    parent: random.chance(50) ? TaskID(rawValue: random.next()) : nil)
        case 1: return .taskStateChanged(task: task, state: states.randomElement(using: &random)!)
        case 2: return .taskFinished(task: task, state: states.randomElement(using: &random)!)
        case 3: return .permitRequested(task: task)
        case 4: return .permitGranted(task: task, waitedNanoseconds: Int64(number))
        case 5: return .permitReleased(task: task)
        case 6: return .itemEnqueued(item: number, producer: task, depth: number / 3)
        case 7: return .itemDequeued(item: number, consumer: task, depth: -number / 7)
        case 8: return .queueResized(capacity: number)
        case 9: return .producerRateChanged(perSecond: Double(bitPattern: random.next() & ~(0x7FF << 52)) * Double(number))
        case 10: return .commandApplied(command: randomText(using: &random))
        case 11: return .taskRenamed(task: task, name: randomText(using: &random))
        case 12: return .presentRetold(events: number)
        default: return .logLine(level: randomText(using: &random), message: randomText(using: &random))
        }
    }

    /// Up to 12 scalars, from ASCII (control bytes, quotes, backslashes often) to emoji.
    static func randomText(using random: inout SeededRandom) -> String {
        let pool: [ClosedRange<UInt32>] = [0...0x1F, 0x20...0x7F, 0x22...0x22, 0x5C...0x5C, 0x80...0x7FF, 0x4E00...0x9FFF, 0x1F300...0x1FAFF]
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let range = pool.randomElement(using: &random)!
            text.append(Unicode.Scalar(UInt32.random(in: range, using: &random))!)
        }
        return String(text)
    }
}
