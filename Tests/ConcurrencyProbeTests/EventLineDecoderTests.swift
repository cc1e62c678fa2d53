import AsyncDemoCore
import Foundation
@testable import ProbeClient
import Testing
import TestSupport

/// The stream parser's own reader of event lines gives exactly what `JSONDecoder` gives: every
/// kind of event, written as the probe writes it and in other JSON spellings, reads back the same
/// through the parser; and on seeded damaged lines the reader either declines (the parser then
/// asks `JSONDecoder`) or agrees with `JSONDecoder`, never reads a line it refuses.
@Suite struct EventLineDecoderTests {
    static let task = TaskID(rawValue: 41)
    static let texts = ["GET /orders", "", "quote \" back\\slash / slash", "tab\tnewline\ncontrol\u{1}", "é ✓ 𝄞 日本", "\u{7f}"]
    static let states: [TaskState] = [
        .created, .running, .completed, .cancelled, .failed("timed out \"now\""), .waiting(.semaphore), .waiting(.queueFull),
        .waiting(.queueEmpty), .waiting(.lock), .waiting(.event), .waiting(.timer), .suspended(.sleep), .suspended(.io),
    ]

    /// Every case of `SimulationEvent.Kind` (`kindNumber` makes leaving one out fail the test),
    /// with each of its fields' interesting values.
    static func everyKind() -> [SimulationEvent.Kind] {
        var kinds: [SimulationEvent.Kind] = []
        for text in texts {
            kinds += [
                .taskSpawned(task: task, name: text, kind: "span.server", parent: nil), .taskRenamed(task: task, name: text),
                .taskSpawned(task: TaskID(rawValue: 0), name: "w", kind: text, parent: TaskID(rawValue: 1 << 40)),
                .logLine(level: "info", message: text), .logLine(level: text, message: "m"),
                .lessonStarted(run: 1, lesson: text), .lessonSaid(run: -3, line: text), .commandApplied(command: text),
                .taskTransitionRefused(description: text), .lessonFileLinesRead(run: 2, lines: [text, "b"]),
                .lessonMarked(run: 1, mark: SceneMark(at: .milliseconds(5), .barStarted(track: text, label: "fetch"))),
            ]
        }
        for state in states {
            kinds += [.taskStateChanged(task: task, state: state), .taskFinished(task: task, state: state), .lessonEnded(run: 4, state: state)]
        }
        for number in [0, 1, -1, 64, Int(Int32.max) * 9, -987_654_321_012] {
            kinds += [
                .permitsResized(permits: number), .queueResized(capacity: number),
                .itemEnqueued(item: number, producer: task, depth: 3), .itemDequeued(item: 7, consumer: task, depth: number),
                .permitGranted(task: task, waitedNanoseconds: Int64(number)), .workStarted(task: task, plannedNanoseconds: Int64(number)),
                .queueSampled(depth: number, sent: 5, received: number), .lessonClosed(run: number), .presentRetold(events: number),
                .producerRateChanged(perSecond: Double(number) / 3),
            ]
        }
        kinds += [
            .permitRequested(task: task), .permitReleased(task: task), .permitRequestCancelled(task: task),
            .producerBlocked(task: task), .producerUnblocked(task: TaskID(rawValue: UInt64(Int64.max / 1000))),
        ]
        return kinds
    }

    static let kindCount = 27

    /// Exhaustive: a new case does not compile until it has a number, and fails
    /// `test_every_kind_reads_back_as_jsondecoder_reads_it` until `everyKind` has one.
    static func kindNumber(_ kind: SimulationEvent.Kind) -> Int {
        switch kind {
        case .taskSpawned: 0
        case .taskStateChanged: 1
        case .taskFinished: 2
        case .permitRequested: 3
        case .permitGranted: 4
        case .permitReleased: 5
        case .permitRequestCancelled: 6
        case .permitsResized: 7
        case .itemEnqueued: 8
        case .itemDequeued: 9
        case .producerBlocked: 10
        case .producerUnblocked: 11
        case .queueResized: 12
        case .logLine: 13
        case .lessonStarted: 14
        case .lessonSaid: 15
        case .lessonMarked: 16
        case .lessonFileLinesRead: 17
        case .lessonEnded: 18
        case .lessonClosed: 19
        case .commandApplied: 20
        case .workStarted: 21
        case .producerRateChanged: 22
        case .queueSampled: 23
        case .taskTransitionRefused: 24
        case .taskRenamed: 25
        case .presentRetold: 26
        }
    }

    static func events() -> [SimulationEvent] {
        everyKind().enumerated().map { index, kind in
            SimulationEvent(sequence: UInt64(index + 1), at: SimulationInstant(sinceStart: .nanoseconds(Int64(index) * 1_234_567)),
                            kind: kind, resource: [nil, "db", "jobs é"][index % 3],
                            fields: index % 4 == 0 ? nil : (index % 4 == 1 ? [:] : ["task": "\(index)", "logger": "a \"b\""]))
        }
    }

    static func encoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        return encoder
    }

    /// The probe's spelling (sorted keys, slashes unescaped), the default one, and one with
    /// whitespace everywhere JSON allows it (pretty-printed lines joined with tabs and CRs).
    static func lines(_ event: SimulationEvent) -> [[UInt8]] {
        let spellings = [encoder([.sortedKeys, .withoutEscapingSlashes]), encoder([]), encoder([.prettyPrinted])]
        return spellings.map { encoder in
            let bytes = [UInt8](try! encoder.encode(event))
            return bytes.map { $0 == 10 ? 9 : $0 } + [13, 32]
        }
    }

    @Test func test_every_kind_reads_back_as_jsondecoder_reads_it() throws {
        let events = Self.events()
        #expect(Set(events.map { Self.kindNumber($0.kind) }) == Set(0..<Self.kindCount))
        var parser = ProbeStreamParser()
        var stream = Array(ProbeStreamParserFuzzTests.header.utf8) + [10]
        var expected: [SimulationEvent] = []
        var sequence: UInt64 = 0
        for event in events {
            for spelling in 0..<3 {
                sequence += 1
                let numbered = SimulationEvent(sequence: sequence, at: event.at, kind: event.kind, resource: event.resource, fields: event.fields)
                let bytes = Self.lines(numbered)[spelling]
                #expect(try JSONDecoder().decode(SimulationEvent.self, from: Data(bytes)) == numbered)
                expected.append(numbered)
                stream += bytes + [10]
            }
        }
        let fed = parser.feed(stream)
        #expect(fed.failure == nil)
        let read = fed.items.compactMap { if case .event(let event) = $0 { event } else { nil } }
        #expect(read.count == expected.count)
        for (got, want) in zip(read, expected) { #expect(got == want) }
        #expect(parser.droppedEvents == 0)
    }

    @Test func test_the_reader_takes_the_probes_lines_itself_and_leaves_only_the_rare_kinds_to_jsondecoder() {
        let leftToJSONDecoder: Set<Int> = [16, 17, 22]
        for event in Self.events() {
            for line in Self.lines(event) {
                let read = EventLineDecoder.decode(line[...])
                if leftToJSONDecoder.contains(Self.kindNumber(event.kind)) {
                    #expect(read == nil)
                } else {
                    #expect(read == event, "\(String(decoding: line, as: UTF8.self))")
                }
            }
        }
    }

    /// Seeded damage to good lines: bytes changed to JSON's own (quotes, braces, digits, `\`,
    /// `-`, `.`, `e`, whitespace, high bytes), bytes cut out, keys repeated, values swapped.
    @Test func test_on_damaged_lines_the_reader_never_accepts_what_jsondecoder_refuses_or_reads_differently() async {
        let problems = await offThePool(yielding: true) { Self.disagreements(count: 30_000, seed: 0x15D0) }
        #expect(problems.isEmpty, "\(problems.count) disagreements, the first: \(problems.first ?? "")")
    }

    static func disagreements(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        let good = events().flatMap { lines($0) }
        let alphabet = Array(#"{}[]":,\/-.eE0123456789 nulltrueabz"#.utf8) + [0, 9, 13, 0x1f, 0x7f, 0x80, 0xc3, 0xa9, 0xed, 0xff]
        var problems: [String] = []
        let decoder = JSONDecoder()
        for _ in 0..<count {
            var line = good[Int.random(in: 0..<good.count, using: &random)]
            for _ in 0..<Int.random(in: 1...3, using: &random) where !line.isEmpty {
                let at = Int.random(in: 0..<line.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: line[at] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                case 1: line.remove(at: at)
                case 2: line.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &random)], at: at)
                default:
                    // A stretch repeated: a key and its value twice, or half a value.
                    let end = min(line.count, at + Int.random(in: 1...24, using: &random))
                    line.insert(contentsOf: line[at..<end], at: end)
                }
            }
            guard let read = EventLineDecoder.decode(line[...]) else { continue }
            let reference = try? decoder.decode(SimulationEvent.self, from: Data(line))
            if reference != read {
                problems.append("\(String(decoding: line, as: UTF8.self).debugDescription): read \(read), JSONDecoder \(reference.map { "\($0)" } ?? "refuses it")")
            }
        }
        return problems
    }
}
