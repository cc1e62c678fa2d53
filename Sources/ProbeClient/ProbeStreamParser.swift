import AsyncDemoCore
import Foundation
import LogTail
import ProbeWire
import Simulation

/// Why a probe's stream cannot be read on, in one line (display-safe: whatever the program sent
/// is sanitized before it is quoted). The connection is closed after it.
public struct ProbeStreamFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Reads what a probe sends: the first line is a recording header (or the probe's refusal),
/// every other line an event. Fed bytes as they come, in any pieces; anything that is not that
/// stream ends it with one line: a header of a newer format, a damaged or out-of-order event, a
/// line longer than `longestLine`, a stream cut mid-line. Events of a kind this version does not
/// know are skipped, as a recording's are; gaps in the sequence numbers are events the probe
/// dropped, counted in `droppedEvents`.
public struct ProbeStreamParser: Sendable {
    public enum Item: Sendable, Equatable {
        case header(RecordingHeader)
        case event(SimulationEvent)
    }

    public static let longestLine = 1 << 20

    private var framer: LineFramer
    private let reads: Int
    private(set) var header: RecordingHeader?
    private var lastSequence: UInt64 = 0
    private var lineNumber = 0
    public private(set) var droppedEvents: UInt64 = 0
    public private(set) var skippedLines = 0
    /// The line that ended the stream, once one did.
    private var failure: ProbeStreamFailure?
    private let decoder = JSONDecoder()

    public init(longestLine: Int = Self.longestLine, reads: Int = SimulationEvent.formatVersion) {
        framer = LineFramer(longestLine: longestLine)
        self.reads = reads
    }

    /// What one piece of the stream gave: the items of its whole lines, and, if a line could
    /// not be read, why; the items before that line are kept, and nothing after it is read.
    public struct Fed: Sendable {
        public var items: [Item] = []
        public var failure: ProbeStreamFailure?
    }

    public mutating func feed(_ bytes: some Collection<UInt8>) -> Fed {
        var fed = Fed()
        guard failure == nil else {
            fed.failure = failure
            return fed
        }
        framer.append(bytes)
        do {
            while let line = try nextLine() {
                if let item = try parse(line) { fed.items.append(item) }
            }
        } catch {
            failure = error
            fed.failure = error
        }
        return fed
    }

    private mutating func nextLine() throws(ProbeStreamFailure) -> ArraySlice<UInt8>? {
        do {
            guard let line = try framer.nextLine() else { return nil }
            lineNumber += 1
            return line
        } catch {
            throw ProbeStreamFailure("line \(lineNumber + 1) of the stream is longer than \(error.limit) bytes: connection closed")
        }
    }

    /// The stream ended: fails if it ended inside a line or before its header.
    public func end() throws(ProbeStreamFailure) {
        if let failure { throw failure }
        if framer.partialLine > 0 { throw ProbeStreamFailure("the stream stopped in the middle of line \(lineNumber + 1)") }
        if header == nil { throw ProbeStreamFailure("the program closed the connection before its stream's header") }
    }

    private mutating func parse(_ bytes: ArraySlice<UInt8>) throws(ProbeStreamFailure) -> Item? {
        guard header != nil else { return .header(try parseHeader(Data(bytes))) }
        // The plain lines a probe sends, without JSONDecoder; it reads whatever else comes.
        if let event = EventLineDecoder.decode(bytes) { return .event(try inOrder(event)) }
        let line = Data(bytes)
        do {
            return .event(try inOrder(try decoder.decode(SimulationEvent.self, from: line)))
        } catch let failure as ProbeStreamFailure {
            throw failure
        } catch {
            if let skipped = Self.unknownKindSequence(error, line: line, decoder: decoder), skipped > lastSequence {
                droppedEvents += skipped - lastSequence - 1
                lastSequence = skipped
                skippedLines += 1
                return nil
            }
            throw ProbeStreamFailure("line \(lineNumber) of the stream is not an event: connection closed")
        }
    }

    /// `event`, counting the events dropped before it, if it comes after the last one.
    private mutating func inOrder(_ event: SimulationEvent) throws(ProbeStreamFailure) -> SimulationEvent {
        guard event.sequence > lastSequence else {
            throw ProbeStreamFailure("line \(lineNumber) of the stream: event \(event.sequence) comes after event \(lastSequence): connection closed")
        }
        droppedEvents += event.sequence - lastSequence - 1
        lastSequence = event.sequence
        return event
    }

    private mutating func parseHeader(_ line: Data) throws(ProbeStreamFailure) -> RecordingHeader {
        struct Mark: Decodable {
            let format: String
            let formatVersion: Int
        }
        if let refusal = try? decoder.decode(StreamHandshake.Refusal.self, from: line) {
            throw ProbeStreamFailure("the program refused: " + DisplaySafety.sanitize(Array(refusal.refused.utf8.prefix(500))))
        }
        guard let mark = try? decoder.decode(Mark.self, from: line), mark.format == RecordingHeader.marker else {
            throw ProbeStreamFailure("the socket's first line is not an asyncdemo-tui stream header: connection closed")
        }
        guard mark.formatVersion <= reads else {
            throw ProbeStreamFailure(
                "the program streams format version \(mark.formatVersion); this asyncdemo-tui reads format version \(reads) and older: connection closed")
        }
        guard let header = try? decoder.decode(RecordingHeader.self, from: line) else {
            throw ProbeStreamFailure("the stream's header is damaged: connection closed")
        }
        self.header = header
        return header
    }

    /// The sequence number of a whole event whose kind this version does not know (a newer
    /// minor version's addition), as `RecordingReader` tells one: the error is about `kind`
    /// itself, not about a field inside a known case.
    private static func unknownKindSequence(_ error: any Error, line: Data, decoder: JSONDecoder) -> UInt64? {
        struct Envelope: Decodable {
            let sequence: UInt64
            let at: SimulationInstant
        }
        guard case DecodingError.typeMismatch(_, let context) = error,
              context.codingPath.map(\.stringValue) == ["kind"] else { return nil }
        return (try? decoder.decode(Envelope.self, from: line))?.sequence
    }
}
