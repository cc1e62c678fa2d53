import AsyncDemoCore
import Foundation
import ProbeClient
import Testing
import TestSupport

/// A thousand seeded damaged streams: the parser never crashes, ends each with one clean
/// line, and reads the same whatever pieces the bytes arrive in.
@Suite struct ProbeStreamParserFuzzTests {
    static let header = #"{"format":"asyncdemo-tui recording","formatVersion":1,"pid":7,"program":"fuzz","programVersion":"0.1.0","start":{"permits":0,"queueCapacity":0}}"#

    static func validStream(events: Int) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var bytes = Array(header.utf8) + [10]
        let kinds: [SimulationEvent.Kind] = [
            .taskSpawned(task: TaskID(rawValue: 1), name: "GET /", kind: "span.server", parent: nil),
            .permitRequested(task: TaskID(rawValue: 1)), .permitGranted(task: TaskID(rawValue: 1), waitedNanoseconds: 5),
            .itemEnqueued(item: 1, producer: TaskID(rawValue: 1), depth: 1), .logLine(level: "info", message: "ok é ✓"),
            .taskFinished(task: TaskID(rawValue: 1), state: .failed("timed out")),
        ]
        for index in 0..<events {
            let event = SimulationEvent(sequence: UInt64(index + 1), at: SimulationInstant(sinceStart: .milliseconds(index)),
                                        kind: kinds[index % kinds.count], resource: index % 2 == 0 ? "db" : nil)
            bytes += try! encoder.encode(event) + [10]
        }
        return bytes
    }

    struct Outcome: Equatable {
        var events: [SimulationEvent] = []
        var failure: String?
    }

    static func parse(_ bytes: [UInt8], pieces random: inout SeededRandom, longestLine: Int = 4096) -> Outcome {
        var parser = ProbeStreamParser(longestLine: longestLine)
        var outcome = Outcome()
        var offset = 0
        while offset < bytes.count {
            let size = Int.random(in: 1...max(1, min(700, bytes.count - offset)), using: &random)
            let fed = parser.feed(bytes[offset..<offset + size])
            for case .event(let event) in fed.items { outcome.events.append(event) }
            offset += size
            if let failure = fed.failure {
                outcome.failure = failure.description
                return outcome
            }
        }
        do { try parser.end() } catch { outcome.failure = error.description }
        return outcome
    }

    /// Streams of 0 to 20 events, made once: the encoding is not what is tested.
    static let validStreams = (0...20).map { validStream(events: $0) }

    @Test func test_an_undamaged_stream_reads_whole_in_any_pieces() {
        var random = SeededRandom(seed: 15)
        let bytes = Self.validStream(events: 60)
        let outcome = Self.parse(bytes, pieces: &random)
        #expect(outcome.failure == nil)
        #expect(outcome.events.map(\.sequence) == Array(1...60))
    }

    @Test func test_damaged_streams_end_in_one_line_and_never_crash() async {
        let problems = await offThePool(yielding: true) { Self.damagedStreams(count: 1000, seed: 0xF022) }
        #expect(problems.isEmpty, "\(problems.count) problems, the first: \(problems.first ?? "")")
    }

    /// What went wrong with `count` seeded damaged streams, each read twice in other pieces.
    static func damagedStreams(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        var problems: [String] = []
        for _ in 0..<count {
            var bytes = validStreams[Int.random(in: 0...20, using: &random)]
            switch Int.random(in: 0..<6, using: &random) {
            case 0: // bytes flipped at random places
                for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1: // cut anywhere
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            case 2: // a huge line
                let at = bytes.firstIndex(of: 10).map { $0 + 1 } ?? 0
                bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "x"), count: Int.random(in: 4000...9000, using: &random)), at: at)
            case 3: // a newer or nonsense version
                let version = [2, 99, -1, Int.max].randomElement(using: &random)!
                bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":\#(version)"#).utf8)
            case 4: // pure garbage, escapes and all
                bytes = (0..<Int.random(in: 0...3000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            default: // lines swapped: out of order
                var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
                if lines.count > 3 { lines.swapAt(1, lines.count - 2) }
                bytes = Array(lines.joined(separator: [10]))
            }
            let first = parse(bytes, pieces: &random)
            let second = parse(bytes, pieces: &random)
            if first != second { problems.append("the same bytes read differently in other pieces: \(first.failure ?? "") / \(second.failure ?? "")") }
            if let failure = first.failure,
               failure.isEmpty || !failure.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
                problems.append("not one clean line: \(failure.debugDescription)")
            }
            if first.events.map(\.sequence) != first.events.map(\.sequence).sorted() { problems.append("events out of order") }
        }
        return problems
    }
}
