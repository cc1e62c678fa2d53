import Foundation
import Testing

/// `snapshot --record`, `trace` and their refusals through the built program: each bad file is
/// one line and status 1, and a full disk leaves a recording of whole lines.
@Suite("Recording and trace through the built program", .serialized, .timeLimit(.minutes(2)))
struct RecordingBinaryTests {
    /// A recording of a short stepped run, made by the program itself.
    static func record(_ temporary: PrivateTemporaryFolder, seconds: Int = 5) async throws -> String {
        let path = temporary.path + "/run.jsonl"
        let result = try await run(programPath, ["snapshot", "--after", "\(seconds)", "--record", path, "-o", "/dev/null"],
                                   temporary: temporary)
        #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
        return path
    }

    static func lines(of path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func expectOneLine(_ result: ProgramResult, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.errors == line + "\n", sourceLocation: sourceLocation)
    }

    @Test func a_recording_becomes_a_trace_on_standard_output() async throws {
        let temporary = try PrivateTemporaryFolder()
        let path = try await Self.record(temporary)
        let header = try #require(try Self.lines(of: path).first)
        #expect(header.contains(#""format":"asyncdemo-tui recording""#) && header.contains(#""formatVersion":1"#))
        let result = try await run(programPath, ["trace", path, "-o", "-"], temporary: temporary)
        #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
        let trace = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((trace?["traceEvents"] as? [Any])?.isEmpty == false)
    }

    @Test func a_damaged_a_cut_a_newer_and_a_foreign_file_are_one_line_and_status_1() async throws {
        let temporary = try PrivateTemporaryFolder()
        let path = try await Self.record(temporary)
        var lines = try Self.lines(of: path)
        let damaged = temporary.path + "/damaged.jsonl", cut = temporary.path + "/cut.jsonl"
        let newer = temporary.path + "/newer.jsonl", foreign = temporary.path + "/notes.txt"
        var broken = lines
        broken[3] = "{\"sequence\":"
        try broken.joined(separator: "\n").write(toFile: damaged, atomically: false, encoding: .utf8)
        try String(lines.joined(separator: "\n").dropLast(9)).write(toFile: cut, atomically: false, encoding: .utf8)
        lines[0] = lines[0].replacingOccurrences(of: #""formatVersion":1"#, with: #""formatVersion":9"#)
        try lines.joined(separator: "\n").write(toFile: newer, atomically: false, encoding: .utf8)
        try "shopping list\n".write(toFile: foreign, atomically: false, encoding: .utf8)
        let total = lines.count - 2
        expectOneLine(try await run(programPath, ["trace", damaged, "-o", temporary.path + "/t1.json"], temporary: temporary),
                      "asyncdemo-tui trace: '\(damaged)' stops at line 4: the line is damaged; 2 events read before it")
        expectOneLine(try await run(programPath, ["trace", cut, "-o", temporary.path + "/t2.json"], temporary: temporary),
                      "asyncdemo-tui trace: '\(cut)' stops at line \(total + 1): the line was cut mid-write; \(total - 1) events read before it")
        expectOneLine(try await run(programPath, ["trace", newer, "-o", "-"], temporary: temporary),
                      "asyncdemo-tui trace: '\(newer)' is a recording of format version 9; this asyncdemo-tui reads format version 1 and older")
        expectOneLine(try await run(programPath, ["trace", foreign, "-o", "-"], temporary: temporary),
                      "asyncdemo-tui trace: '\(foreign)' is not an asyncdemo-tui recording (its first line is not a recording header)")
        expectOneLine(try await run(programPath, ["trace", temporary.path + "/none", "-o", "-"], temporary: temporary),
                      "asyncdemo-tui trace: cannot read the recording '\(temporary.path)/none': No such file or directory")
        // The events before the damage still make a trace.
        #expect(FileManager.default.fileExists(atPath: temporary.path + "/t1.json"))
        #expect(try Self.lines(of: damaged) == broken, "reading never writes")
    }

    /// A replay shows the recorded run: an option that would make another run, or follow a file,
    /// is refused rather than ignored; a damaged recording still replays up to the damage.
    @Test func a_replay_refuses_the_options_of_another_run_and_says_where_a_damaged_recording_stopped() async throws {
        let temporary = try PrivateTemporaryFolder()
        let path = try await Self.record(temporary)
        expectOneLine(try await run(programPath, ["snapshot", "--replay", path, "--workers", "5", "-o", "-"], temporary: temporary),
                      "asyncdemo-tui snapshot: a replay shows the recorded run: the scenario's options (--workers, --seed, ...) do not apply to it")
        expectOneLine(try await run(programPath, ["--seed", "3", "replay", path], temporary: temporary),
                      "asyncdemo-tui replay: a replay shows the recorded run: the scenario's options (--workers, --seed, ...) do not apply to it")
        expectOneLine(try await run(programPath, ["snapshot", "--replay", path, "--follow", path, "-o", "-"], temporary: temporary),
                      "asyncdemo-tui snapshot: a replay shows the recorded activity log: --follow does not apply to it")
        expectOneLine(try await run(programPath, ["snapshot", "--attach", path, "--workers", "5", "-o", "-"], temporary: temporary),
                      "asyncdemo-tui snapshot: --attach shows another program: \("the scenario's options, --follow and --trace do not apply to it (record its stream with --record, then `trace` the file)")")
        // --speed says how fast to show the recording, not another run: the header shows it.
        let faster = try await run(programPath, ["snapshot", "--replay", path, "--speed", "5", "--after", "2", "-o", "-"],
                                   temporary: temporary)
        #expect(faster.status == 0 && faster.errors.isEmpty, "\(faster.errors)")
        #expect(faster.output.split(separator: "\n").first?.contains("speed ×5") == true)
        let tooFast = try await run(programPath, ["snapshot", "--replay", path, "--speed", "50", "-o", "-"], temporary: temporary)
        #expect(tooFast.status == 64 && tooFast.errors == "Error: --speed must be between 0.1 and 10, got '50'\n", "\(tooFast.errors)")
        let lines = try Self.lines(of: path)
        let cut = temporary.path + "/cut.jsonl"
        try (lines.prefix(40).joined(separator: "\n") + "\n" + String(lines[40].prefix(10))).write(toFile: cut, atomically: false, encoding: .utf8)
        let replayed = try await run(programPath, ["snapshot", "--replay", cut, "--after", "5", "-o", "-"], temporary: temporary)
        #expect(replayed.status == 1 && replayed.output.contains("REPLAY"))
        #expect(replayed.errors == "asyncdemo-tui snapshot: '\(cut)' stops at line 41: the line was cut mid-write; 39 events read before it\n")
    }

    @Test func a_recording_or_trace_that_cannot_be_created_is_refused_before_the_run() async throws {
        let temporary = try PrivateTemporaryFolder()
        let missing = temporary.path + "/no/such/folder/run.jsonl"
        expectOneLine(try await run(programPath, ["snapshot", "--record", missing, "-o", "-"], temporary: temporary),
                      "asyncdemo-tui snapshot: cannot create the recording '\(missing)': No such file or directory")
        expectOneLine(try await run(programPath, ["snapshot", "--trace", temporary.path, "-o", "-"], temporary: temporary),
                      "asyncdemo-tui snapshot: cannot create the trace '\(temporary.path)': Is a directory")
        let same = try await run(programPath, ["snapshot", "--record", "x.json", "--trace", "x.json", "-o", "-"], temporary: temporary)
        #expect(same.status == 64 && same.errors == "Error: --record and --trace name the same file, 'x.json': the trace would replace the recording\n",
                "\(same.errors)")
        let escaped = temporary.path + "/\u{1B}]2;PWNED\u{07}/run.jsonl"
        let result = try await run(programPath, ["snapshot", "--record", escaped, "-o", "-"], temporary: temporary)
        #expect(result.status == 1 && result.output.isEmpty)
        #expect(!result.errors.contains("\u{1B}") && !result.errors.contains("\u{07}") && result.errors.contains("$'\\033'"),
                "\(result.errors.debugDescription)")
    }

    /// `R` in the keys restarts the run: the recording keeps the first run whole and ends there,
    /// which is said, but is no failure.
    @Test func a_restart_ends_the_recording_and_says_so_with_status_0() async throws {
        let temporary = try PrivateTemporaryFolder()
        let path = temporary.path + "/restart.jsonl", trace = temporary.path + "/restart.json"
        let result = try await run(programPath, ["snapshot", "--after", "3", "--keys", "R<Wait:2>", "--record", path,
                                                 "--trace", trace, "-o", "/dev/null"], temporary: temporary)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.hasPrefix("asyncdemo-tui snapshot: the recording '\(path)' stopped at ")
                && result.errors.contains(": the run was restarted; it keeps events 1 to "), "\(result.errors)")
        let lines = try Self.lines(of: path)
        #expect(lines.count > 20 && lines.last == "")
        #expect(FileManager.default.fileExists(atPath: trace))
    }

    /// A file size limit (`ulimit -f`, in the child's shell only) fails the writes as a full
    /// filesystem does (EFBIG for ENOSPC).
    @Test func a_full_disk_ends_the_recording_with_whole_lines_and_says_so() async throws {
        let temporary = try PrivateTemporaryFolder()
        let path = temporary.path + "/full.jsonl"
        let result = try await run("/bin/bash", ["-c", "ulimit -f 8; exec \"$0\" snapshot --after 600 --record \"$1\" -o /dev/null",
                                                 programPath, path], temporary: temporary)
        #expect(result.status == 1)
        let line = try #require(result.errors.split(separator: "\n").first.map(String.init), "\(result.errors)")
        #expect(result.errors.filter { $0 == "\n" }.count == 1, "\(result.errors)")
        #expect(line.hasPrefix("asyncdemo-tui snapshot: the recording '\(path)' stopped at ") && line.contains(": File too large; it keeps events 1 to "),
                "\(line)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count <= 8 * 1024 && bytes.last == UInt8(ascii: "\n"))
        let lines = try Self.lines(of: path).dropLast()
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
        #expect(line.hasSuffix("1 to \(lines.count - 1), whole lines only"), "\(line) for \(lines.count) lines")
        let trace = try await run(programPath, ["trace", path, "-o", "/dev/null"], temporary: temporary)
        #expect(trace.status == 0 && trace.errors.isEmpty, "the cut recording is valid: \(trace.errors)")
    }
}
