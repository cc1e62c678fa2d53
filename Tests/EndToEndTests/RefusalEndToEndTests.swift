import Foundation
import Testing

/// Where the program must not take over the terminal: it says why, exits 2, and writes not one
/// escape sequence.
@Suite("Refusing what is not a usable terminal", .serialized)
struct RefusalEndToEndTests {
    @Test func stdout_piped_exits_2_with_a_message_and_no_escape_sequence() {
        let result = ChildProcess.run([BuiltProgram.path], environment: ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("is not a terminal"))
        #expect(result.errors.contains("asyncdemo-tui snapshot"))
        #expect(!result.errors.contains("\u{1B}"))
    }

    /// A scenario flag out of range is refused before anything touches the terminal.
    @Test(arguments: [
        (["--workers", "20000"], "--workers must be between 0 and 10000, got '20000'"),
        (["--permits", "0"], "--permits must be between 1 and 1000, got '0'"),
        (["--rate", "nan"], "--rate must be between 0.1 and 1000, got 'nan'"),
        (["--speed", "11"], "--speed must be between 0.1 and 10, got '11'"),
        (["--failures", "101"], "--failures must be between 0 and 100, got '101'"),
        (["snapshot", "--capacity", "0", "-o", "-"], "--capacity must be between 1 and 10000, got '0'"),
    ])
    func a_scenario_flag_out_of_range_is_one_clear_line(arguments: [String], message: String) {
        let result = ChildProcess.run([BuiltProgram.path] + arguments, environment: ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 64)
        #expect(result.errors == "Error: \(message)\n")
        #expect(result.output.isEmpty && !result.errors.contains("\u{1B}"))
    }

    /// In a real terminal, with TERM unusable: the bytes reaching the terminal are recorded
    /// with tmux's pipe-pane, so even an invisible escape sequence would be caught.
    @Test(arguments: [
        ("-u TERM", "TERM is not set"),
        ("TERM=dumb", "cannot move the cursor"),
        ("TERM=no-such-terminal", "is unknown"),
        ("TERM=", "TERM is not set"),
    ])
    func an_unusable_term_exits_2_with_a_message_and_no_escape_sequence(environment: String, message: String) async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("adt-refusal-\(getpid())-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let script = "read go; env \(environment) LANG=C.UTF-8 '\(BuiltProgram.path)'; echo \"exit=$?\"; exec sleep 600"
        let session = try TmuxSession(width: 200, height: 20, script: script)
        try session.pipeOutput(to: log.path)
        try session.sendKeys("Enter")
        let screen = try await session.waitFor(text: "exit=")
        #expect(screen.contains("exit=2"))
        #expect(screen.contains(message))
        let bytes = try await session.waitForFile(log.path) { $0.contains(Array("exit=".utf8)) }
        #expect(!bytes.contains(0x1B), "an escape sequence reached the terminal: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
    }
}
