import AsyncDemoCore
import Foundation
import Simulation
import Testing

@Suite("Reading a recording")
struct RecordingReaderTests {
    static let header = RecordingHeader(programVersion: "0.1.0", settings: ScenarioSettings())

    static func line(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static let events = (1...5).map {
        SimulationEvent(sequence: UInt64($0), at: SimulationInstant(sinceStart: .milliseconds($0 * 10)),
                        kind: .taskSpawned(task: TaskID(rawValue: UInt64($0)), name: "w\($0)", kind: "worker", parent: nil))
    }

    /// A recording of `events` as the writer makes it, header first, a newline after each line.
    static func recordingText() throws -> String {
        try ([line(header)] + events.map(line)).map { $0 + "\n" }.joined()
    }

    func write(_ text: String, in folder: RecordingFolder, name: String = "run.jsonl") throws -> String {
        let path = folder.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func a_whole_recording_reads_to_its_end() throws {
        let folder = try RecordingFolder()
        let recording = try RecordingReader.read(path: try write(try Self.recordingText(), in: folder))
        #expect(recording.header == Self.header && recording.events == Self.events && recording.stop == nil)
    }

    @Test func a_line_cut_mid_write_gives_the_events_before_it_and_says_where() throws {
        let folder = try RecordingFolder()
        let text = try Self.recordingText()
        let path = try write(String(text.dropLast(20)), in: folder)
        let recording = try RecordingReader.read(path: path)
        #expect(recording.events == Array(Self.events.prefix(4)))
        #expect(recording.stop == "'\(path)' stops at line 6: the line was cut mid-write; 4 events read before it")
    }

    @Test func a_damaged_line_gives_the_events_before_it_and_says_where() throws {
        let folder = try RecordingFolder()
        var lines = try Self.recordingText().split(separator: "\n").map(String.init)
        lines[3] = String(lines[3].prefix(12)) + "#garbage"
        let path = try write(lines.map { $0 + "\n" }.joined(), in: folder)
        let recording = try RecordingReader.read(path: path)
        #expect(recording.events == Array(Self.events.prefix(2)))
        #expect(recording.stop == "'\(path)' stops at line 4: the line is damaged; 2 events read before it")
    }

    @Test func an_event_out_of_order_is_damage_too() throws {
        let folder = try RecordingFolder()
        var lines = try Self.recordingText().split(separator: "\n").map(String.init)
        lines.swapAt(2, 3)
        let path = try write(lines.map { $0 + "\n" }.joined(), in: folder)
        let recording = try RecordingReader.read(path: path)
        #expect(recording.events == [Self.events[0], Self.events[2]])
        #expect(recording.stop == "'\(path)' stops at line 4: event 2 comes after event 3; 2 events read before it")
    }

    @Test func an_event_kind_of_a_newer_minor_version_is_skipped() throws {
        let folder = try RecordingFolder()
        var lines = try Self.recordingText().split(separator: "\n").map(String.init)
        lines.insert(#"{"at":60000000,"kind":{"taskYielded":{"task":1}},"sequence":6}"#, at: 6)
        let recording = try RecordingReader.read(path: try write(lines.map { $0 + "\n" }.joined(), in: folder))
        #expect(recording.events == Self.events && recording.skippedLines == 1 && recording.stop == nil)
        #expect(recording.gaps.isEmpty)
    }

    @Test func a_newer_format_version_is_refused_naming_both() throws {
        let folder = try RecordingFolder()
        var newer = Self.header
        newer.formatVersion = SimulationEvent.formatVersion + 1
        let path = try write(try Self.line(newer) + "\n", in: folder)
        #expect(throws: RecordingRefusal(
            "'\(path)' is a recording of format version \(SimulationEvent.formatVersion + 1); this asyncdemo-tui reads format version \(SimulationEvent.formatVersion) and older")) {
            _ = try RecordingReader.read(path: path)
        }
    }

    @Test(arguments: ["hello\nworld\n", "{\"format\":\"something else\",\"formatVersion\":1}\n", "", "\u{0}\u{1}binary"])
    func a_file_that_is_not_a_recording_is_refused_in_one_line(text: String) throws {
        let folder = try RecordingFolder()
        let path = try write(text, in: folder)
        let expected = text.isEmpty
            ? "'\(path)' is empty: not an asyncdemo-tui recording"
            : "'\(path)' is not an asyncdemo-tui recording (its first line is not a recording header)"
        #expect(throws: RecordingRefusal(expected)) { _ = try RecordingReader.read(path: path) }
    }

    @Test func a_missing_file_a_folder_and_an_unreadable_file_are_one_line_each() throws {
        let folder = try RecordingFolder()
        #expect(throws: RecordingRefusal("cannot read the recording '\(folder.path)/none.jsonl': No such file or directory")) {
            _ = try RecordingReader.read(path: folder.file("none.jsonl"))
        }
        #expect(throws: RecordingRefusal("'\(folder.path)' is a folder, not a recording")) {
            _ = try RecordingReader.read(path: folder.path)
        }
        let locked = try write(try Self.recordingText(), in: folder, name: "locked.jsonl")
        chmod(locked, 0)
        // Root reads a file whatever its mode: the refusal is then not reached.
        if getuid() != 0 {
            #expect(throws: RecordingRefusal("cannot read the recording '\(locked)': Permission denied")) {
                _ = try RecordingReader.read(path: locked)
            }
        }
    }

    @Test func a_file_name_with_escapes_reaches_the_message_quoted_without_a_raw_escape_byte() throws {
        let folder = try RecordingFolder()
        do {
            _ = try RecordingReader.read(path: folder.file("x\u{1B}]2;PWNED\u{07}.jsonl"))
            Issue.record("a missing file was read")
        } catch {
            #expect(!error.description.contains("\u{1B}") && !error.description.contains("\u{07}"), "\(error.description.debugDescription)")
            #expect(error.description.contains("$'\\033'"), "\(error.description)")
        }
    }

    @Test func reading_never_writes_to_the_file() throws {
        let folder = try RecordingFolder()
        let text = try Self.recordingText()
        let path = try write(String(text.dropLast(7)), in: folder)
        chmod(path, 0o444)
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        _ = try RecordingReader.read(path: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(text.dropLast(7).utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == before)
    }
}
