import AsyncDemoCore
import Foundation
import LogTail

/// Reads a recording (`RecordingWriter`'s file) into its header and events. Never writes to
/// the file. A file that is not a recording, is of a newer format version, or cannot be read
/// is refused with one line (`RecordingRefusal`); a damaged or cut line ends the reading there,
/// keeping the events before it, and `Recording.stop` says where.
public enum RecordingReader {
    public static func read(path: String) throws(RecordingRefusal) -> Recording {
        let bytes = try contents(of: path)
        let name = ShellQuoting.quoted(path)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // A final newline leaves an empty last piece: not a line.
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw RecordingRefusal("\(name) is empty: not an asyncdemo-tui recording") }
        let header = try self.header(Data(first), name: name)
        let decoder = JSONDecoder()
        var events: [SimulationEvent] = []
        events.reserveCapacity(lines.count - 1)
        var gaps: [Recording.Gap] = []
        var skipped = 0
        var stop: String?
        let endsCut = bytes.last != UInt8(ascii: "\n")
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            let isLast = index == lines.count - 1
            let event: SimulationEvent
            do {
                event = try decoder.decode(SimulationEvent.self, from: Data(line))
            } catch {
                if !(isLast && endsCut), isUnknownKind(error, line: Data(line), decoder: decoder) {
                    skipped += 1
                    continue
                }
                stop = isLast && endsCut
                    ? "\(name) stops at line \(number): the line was cut mid-write; \(events.count) events read before it"
                    : "\(name) stops at line \(number): the line is damaged; \(events.count) events read before it"
                break
            }
            let previous = events.last?.sequence ?? 0
            guard event.sequence > previous else {
                stop = "\(name) stops at line \(number): event \(event.sequence) comes after event \(previous); \(events.count) events read before it"
                break
            }
            if event.sequence > previous + 1 { gaps.append(Recording.Gap(after: previous, next: event.sequence)) }
            events.append(event)
        }
        return Recording(header: header, events: events, stop: stop, gaps: gaps, skippedLines: skipped)
    }

    /// The first line as a header, or the line that refuses the file.
    private static func header(_ line: Data, name: String) throws(RecordingRefusal) -> RecordingHeader {
        struct Probe: Decodable {
            let format: String
            let formatVersion: Int
        }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: line), probe.format == RecordingHeader.marker else {
            throw RecordingRefusal("\(name) is not an asyncdemo-tui recording (its first line is not a recording header)")
        }
        guard probe.formatVersion <= SimulationEvent.formatVersion else {
            throw RecordingRefusal(
                "\(name) is a recording of format version \(probe.formatVersion); this asyncdemo-tui reads format version \(SimulationEvent.formatVersion) and older")
        }
        guard let header = try? JSONDecoder().decode(RecordingHeader.self, from: line) else {
            throw RecordingRefusal("\(name) has a damaged header (line 1): not read")
        }
        return header
    }

    /// Whether the line is a whole event whose kind this version does not know: a newer minor
    /// version's addition, which a reader skips (see `SimulationEvent`).
    private static func isUnknownKind(_ error: any Error, line: Data, decoder: JSONDecoder) -> Bool {
        struct Probe: Decodable {
            let sequence: UInt64
            let at: SimulationInstant
        }
        // An unknown case is a kind object none of whose keys is a case: the error is about
        // `kind` itself, not about a field inside a known case.
        guard case DecodingError.typeMismatch(_, let context) = error,
              context.codingPath.map(\.stringValue) == ["kind"],
              (try? decoder.decode(Probe.self, from: line)) != nil else { return false }
        return true
    }

    /// The file's bytes, or the line that says why they cannot be read.
    private static func contents(of path: String) throws(RecordingRefusal) -> [UInt8] {
        let name = ShellQuoting.quoted(path)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RecordingRefusal("cannot read the recording \(name): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw RecordingRefusal("\(name) is a folder, not a recording")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw RecordingRefusal("cannot read the recording \(name): \(String(cString: strerror(errno)))") }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}

extension RecordingReader {
    /// `read`, on a thread of its own: a recording of an hour takes seconds to read, which must
    /// not hold a task's thread.
    public static func readOffTheTask(path: String) async throws(RecordingRefusal) -> Recording {
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<Recording, RecordingRefusal>, Never>) in
            DispatchQueue.global().async { done.resume(returning: Result { () throws(RecordingRefusal) in try read(path: path) }) }
        }
        return try result.get()
    }
}
