import Foundation
import Lessons
import Testing

/// The built `asyncdemo-tui` next to this test bundle (SwiftPM puts every product in one folder).
private let programPath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("asyncdemo-tui").path

/// Runs the program with `arguments`; output and errors through files, so a long transcript
/// cannot fill a pipe and stall the child.
private func demo(_ arguments: String...) async throws -> (status: Int32, output: String, errors: String) {
    try await demo(arguments: arguments)
}

private func demo(arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-cmd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputURL = folder.appendingPathComponent("out")
    let errorURL = folder.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: programPath)
    process.arguments = ["demo"] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: outputURL)
    process.standardError = try FileHandle(forWritingTo: errorURL)
    try await runToExit(process)
    return (process.terminationStatus, try String(contentsOf: outputURL, encoding: .utf8),
            try String(contentsOf: errorURL, encoding: .utf8))
}

/// Starts `process` and suspends until it exits, without holding a pool thread in waitpid.
private func runToExit(_ process: Process, whileRunning: (Process) async throws -> Void = { _ in }) async throws {
    let (exits, exited) = AsyncStream.makeStream(of: Void.self)
    process.terminationHandler = { _ in exited.finish() }
    try process.run()
    try await whileRunning(process)
    for await _ in exits {}
}

/// One child at a time: a dozen debug binaries starting at once on two cores would slow the
/// timing-sensitive tests of the other targets running in the same process.
@Suite(.serialized, .timeLimit(.minutes(2))) struct DemoCommandTests {
    @Test func list_names_every_lesson_and_example() async throws {
        let result = try await demo("--list")
        #expect(result.status == 0)
        for name in ["basics:", "streams:", "files:", "coordination:", "  concurrent ", "  large-file ", "  pool "] {
            #expect(result.output.contains(name), "\(name) missing")
        }
    }

    /// Each lesson's plain command, every example of it, at fifty times speed (well under a
    /// second each): the facts as the transcript states them. Timings are real time here, and a
    /// loaded machine only ever makes a real sleep longer, so they are checked as lower bounds
    /// and by order (concurrent sooner than sequential); the exact ones are the virtual-time tests'.
    @Test(arguments: [
        ("basics", [#"\] sequential: \d+\.\d\d s"#, #"\] concurrent: \d+\.\d\d s"#, #"parent caught: flaky is down"#,
                    #"slow: cancelled"#]),
        ("streams", [#"the stream finished after 5 values"#, #"\] pause"#, #"\] resume"#, #"cpu +\d+\.\d%"#]),
        ("files", [#"never more than 4 at once"#, #"RSS grew at most \d+\.\d MB"#, #"(\d+) matches in \d+ files"#,
                   #"8 lines: 2 warnings, 1 error"#]),
        ("coordination", [#"never more than 3 inside"#, #"\d+ updates lost"#, #"caught: timed out after 2\.00 s"#,
                          #"pages fetched, each once; at most [1-4] of 4 permits held, at most [1-4] requests in flight"#, #"LEAK: connection #\d taken by client 5"#]),
    ])
    func each_lessons_command_runs_every_example_and_states_its_facts(lesson: String, facts: [String]) async throws {
        let result = try await demo(lesson, "--speed", "50", "--file-mb", "20")
        #expect(result.status == 0)
        #expect(result.errors.isEmpty)
        let headings = result.output.split(separator: "\n").filter { $0.hasPrefix("== ") }
        #expect(headings.count == LessonCatalog.lesson(lesson)?.examples.count)
        for fact in facts {
            #expect(result.output.range(of: fact, options: .regularExpression) != nil, "\(lesson): no \(fact)")
        }
        if lesson == "basics" {
            let sequential = try #require(Self.seconds(after: "] sequential: ", in: result.output))
            let concurrent = try #require(Self.seconds(after: "] concurrent: ", in: result.output))
            #expect(sequential >= 6 && concurrent >= 3, "lesson time never runs short of the sleeps")
            #expect(concurrent < sequential, "the concurrent run is sooner")
        }
    }

    /// The number of seconds written right after `label` ("] sequential: 6.02 s" gives 6.02).
    static func seconds(after label: String, in output: String) -> Double? {
        guard let range = output.range(of: label) else { return nil }
        return Double(output[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    @Test func an_example_prints_a_timestamped_transcript_at_speed() async throws {
        let result = try await demo("basics", "concurrent", "--speed", "200")
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("== concurrent: Sequential against concurrent ==\n"))
        #expect(result.output.contains("] speed-up: "))
        #expect(result.errors.isEmpty)
    }

    @Test(arguments: [
        (["nope"], "Error: no lesson 'nope'; lessons: basics, streams, files, coordination"),
        (["basics", "nope"], "Error: lesson 'basics' has no example 'nope'; its examples: concurrent, requests, errors"),
        (["basics", "--speed", "0"], "Error: --speed must be between 0.1 and 1000, got '0'"),
        (["basics", "--speed", "nan"], "Error: --speed must be between 0.1 and 1000, got 'nan'"),
        (["basics", "--speed=-3"], "Error: --speed must be between 0.1 and 1000, got '-3'"),
        (["basics", "--speed", "-3"], "Error: --speed must be between 0.1 and 1000, got '-3'"),
        (["basics", "--file-mb", "0"], "Error: --file-mb must be between 1 and 10000, got '0'"),
        ([], "Error: name a lesson (basics, streams, files, coordination) or use --list"),
    ])
    func bad_arguments_fail_with_one_clear_line(arguments: [String], message: String) async throws {
        let result = try await demo(arguments: arguments)
        #expect(result.status == 64)
        #expect(result.errors == message + "\n")
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Stack dump"))
        #expect(result.output.isEmpty)
    }

    /// In a process of its own, so no other test moves the RSS it reports.
    @Test func large_file_memory_stays_bounded() async throws {
        let result = try await demo("files", "large-file", "--file-mb", "20", "--speed", "1000")
        #expect(result.status == 0)
        let summary = try #require(result.output.split(separator: "\n").last)
        let grewMB = try #require(summary.split(separator: " ").dropLast().last.flatMap { Double($0) })
        #expect(summary.contains("read 20.0 MB"))
        // Reading the file whole would grow RSS by at least 20 MB.
        #expect(grewMB < 10, "\(summary)")
    }

    /// Every ending signal, not only Ctrl-C: a hang-up, a closed pipe or a stray USR1 must not
    /// leave up to `--file-mb` behind.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGALRM])
    func a_signal_mid_run_removes_its_files_and_exits_128_plus_its_number(signal: Int32) async throws {
        let process = Process()
        // The test process ignores SIGPIPE and a child inherits that: `env` starts the program
        // with every signal's default action, as a shell's pipeline would.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal", programPath, "demo", "files", "large-file", "--file-mb", "300"]
        process.standardOutput = FileHandle.nullDevice
        var folder = URL(fileURLWithPath: "/")
        try await runToExit(process) { process in
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("asyncdemo-tui-demo-\(process.processIdentifier)")
            // Poll until the large file exists (against a deadline, not a fixed sleep).
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, !containsLargeFile(folder) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(containsLargeFile(folder))
            kill(process.processIdentifier, signal)
        }
        #expect(process.terminationStatus == 128 + signal)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    /// `demo ... | head -1`: once the reader is gone the run ends as a closed pipe ends any
    /// command, instead of running to its end unheard.
    @Test func a_reader_that_goes_away_ends_the_run_with_141_and_removes_its_files() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: programPath)
        // The log monitor at a fifth of its pace writes a line every two seconds for sixteen, so
        // the reader is always gone before the run's last line; the large file, done in about a
        // second, could end with status 0 before a slow test process read its heading.
        process.arguments = ["demo", "files", "log-monitor", "--speed", "0.2"]
        let output = Pipe()
        process.standardOutput = output
        var folder = URL(fileURLWithPath: "/")
        try await runToExit(process) { process in
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("asyncdemo-tui-demo-\(process.processIdentifier)")
            let heading = output.fileHandleForReading.availableData
            #expect(String(decoding: heading, as: UTF8.self).hasPrefix("== log-monitor"))
            try output.fileHandleForReading.close()
        }
        #expect(process.terminationStatus == 141)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    private func containsLargeFile(_ folder: URL) -> Bool {
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return runs.contains { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/large.bin").path) }
    }
}
