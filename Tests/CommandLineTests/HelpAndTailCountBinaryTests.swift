import Foundation
import Testing

/// What `--help` says, and `tail -n` read as GNU tail reads it, through the built program.
@Suite("Help and tail -n through the built program", .serialized, .timeLimit(.minutes(2)))
struct HelpAndTailCountBinaryTests {
    /// The help's option entries: each starts at a line indented two spaces with `-`, and goes on
    /// over the more deeply indented lines after it.
    private static func optionEntries(of help: String) -> [String] {
        var entries: [String] = []
        for line in help.split(separator: "\n") {
            if line.hasPrefix("  -") {
                entries.append(String(line))
            } else if line.hasPrefix("   "), !entries.isEmpty {
                entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return entries
    }

    @Test(arguments: [[String](), ["snapshot"], ["tail"], ["demo"]])
    func help_says_each_default_once(command: [String]) async throws {
        let temporary = try PrivateTemporaryFolder()
        let result = try await run(programPath, command + ["--help"], temporary: temporary)
        #expect(result.status == 0)
        let entries = Self.optionEntries(of: result.output)
        #expect(entries.count >= 3)
        for entry in entries {
            #expect(entry.components(separatedBy: "default").count <= 2, "\(entry)")
        }
    }

    @Test func usage_does_not_make_a_subcommand_look_required() async throws {
        let temporary = try PrivateTemporaryFolder()
        let result = try await run(programPath, ["--help"], temporary: temporary)
        let usage = result.output.components(separatedBy: "\n\n").first { $0.hasPrefix("USAGE:") } ?? ""
        #expect(usage == "USAGE: asyncdemo-tui [<options>]\n       asyncdemo-tui snapshot|tail|demo|trace|replay|attach [<options>]")
    }

    @Test func snapshot_help_lists_the_dashboard_flags_it_accepts() async throws {
        let temporary = try PrivateTemporaryFolder()
        let result = try await run(programPath, ["snapshot", "--help"], temporary: temporary)
        #expect(result.status == 0)
        for flag in ["--workers", "--permits", "--capacity", "--producers", "--consumers", "--rate", "--speed", "--seed",
                     "--retention", "--failures", "--follow", "--no-color"] {
            #expect(result.output.contains(flag), "\(flag) missing from snapshot --help")
        }
        // And it does accept one after `snapshot`.
        let accepted = try await run(programPath, ["snapshot", "--workers", "2", "--size", "40x12", "-o", "-"], temporary: temporary)
        #expect(accepted.status == 0 && accepted.errors.isEmpty, "\(accepted.errors)")
    }

    @Test(arguments: [
        (["--permits", "1001"], "Error: --permits must be between 1 and 1000, got '1001'\n"),
        (["snapshot", "--workers", "10001", "-o", "-"], "Error: --workers must be between 0 and 10000, got '10001'\n"),
        (["tail", "-n", "ten", "f"], "Error: -n must be N or -N (the last N lines) or +N (from line N on), got 'ten'\n"),
        (["tail", "-n", "+-1", "f"], "Error: -n must be N or -N (the last N lines) or +N (from line N on), got '+-1'\n"),
    ])
    func an_out_of_range_value_is_one_line_naming_the_range(arguments: [String], line: String) async throws {
        let temporary = try PrivateTemporaryFolder()
        let result = try await run(programPath, arguments, temporary: temporary)
        #expect(result.status == 64)
        #expect(result.output.isEmpty)
        #expect(result.errors == line)
    }

    @Test(arguments: [
        (["-n", "+2"], "2\n3\n4\n"),
        (["-n+2"], "2\n3\n4\n"),
        (["--lines=+3"], "3\n4\n"),
        (["-n", "+0"], "1\n2\n3\n4\n"),
        (["-n", "-1"], "4\n"),
        (["-n-1"], "4\n"),
        (["-n", "2"], "3\n4\n"),
        (["-n2"], "3\n4\n"),
        (["-n", "0"], ""),
        (["-n", "99999999999999999999999"], "1\n2\n3\n4\n"),
    ])
    func tail_n_counts_as_gnu_tail_does(count: [String], expected: String) async throws {
        let temporary = try PrivateTemporaryFolder()
        let file = temporary.path + "/four.log"
        try "1\n2\n3\n4\n".write(toFile: file, atomically: false, encoding: .utf8)
        let result = try await run(programPath, ["tail"] + count + [file], temporary: temporary)
        #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
        #expect(result.output == expected)
    }
}
