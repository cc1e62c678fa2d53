import Foundation
import Testing

/// The built program (SwiftPM puts every product of the build in one folder).
let programPath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("asyncdemo-tui").path

/// A temporary folder of its own for one test, given to the program as TMPDIR, so what the
/// program leaves behind there can be counted; removed with everything in it.
final class PrivateTemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("adt-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The demo's scratch folders (`asyncdemo-tui-demo-PID`) in it.
    var scratchFolders: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasPrefix("asyncdemo-tui-demo-") }
    }
}

struct ProgramResult {
    let status: Int32
    let output: String
    let errors: String
}

/// Runs `executable` with `arguments` to its end; output and errors through files so a long
/// transcript cannot fill a pipe. `whileRunning` sees the started process.
func run(_ executable: String, _ arguments: [String], temporary: PrivateTemporaryFolder,
         whileRunning: (Process) async throws -> Void = { _ in }) async throws -> ProgramResult {
    let outputPath = temporary.path + "/stdout-\(UUID().uuidString)"
    let errorPath = temporary.path + "/stderr-\(UUID().uuidString)"
    defer {
        try? FileManager.default.removeItem(atPath: outputPath)
        try? FileManager.default.removeItem(atPath: errorPath)
    }
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ["TMPDIR": temporary.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                           "SWIFT_BACKTRACE": "interactive=no"]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    let (exits, exited) = AsyncStream.makeStream(of: Void.self)
    process.terminationHandler = { _ in exited.finish() }
    try process.run()
    do {
        try await whileRunning(process)
    } catch {
        process.terminate()
        for await _ in exits {}
        throw error
    }
    for await _ in exits {}
    return ProgramResult(status: process.terminationStatus,
                         output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                         errors: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data(), as: UTF8.self))
}

/// A handful of the fuzz test's cases through the real binary: the numbers that crashed it
/// once (too large, too small, not finite), a value with an escape sequence, and one that looks
/// like an option.
@Suite("Bad arguments through the built program", .serialized, .timeLimit(.minutes(2)))
struct BadArgumentsBinaryTests {
    @Test(arguments: [
        ["demo", "basics", "concurrent", "--speed", "1e308"],
        ["demo", "basics", "concurrent", "--speed", "1e-300"],
        ["demo", "basics", "concurrent", "--speed", "99999999999999999999999"],
        ["demo", "basics", "--file-mb", "10000000000000"],
        ["demo", "basics", "--speed", "0.000001"],
        ["--workers", "-1"],
        ["--workers", "-inf"],
        ["--workers", "5\u{1B}[2J"],
        ["--fps", "1e999"],
        ["snapshot", "--after", "nan", "-o", "-"],
        ["tail", "-n", "\u{1B}]2;PWNED\u{07}", "file"],
    ])
    func a_bad_number_is_one_line_a_non_zero_status_and_no_leftover(arguments: [String]) async throws {
        let temporary = try PrivateTemporaryFolder()
        let result = try await run(programPath, arguments, temporary: temporary)
        #expect(result.status == 64)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("Error: ") && result.errors.hasSuffix("\n"), "\(result.errors.debugDescription)")
        #expect(result.errors.filter { $0 == "\n" }.count == 1, "\(result.errors.debugDescription)")
        #expect(!result.errors.contains("\u{1B}") && !result.errors.contains("\u{07}"))
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("crashed"))
        #expect(temporary.scratchFolders.isEmpty)
    }

    @Test func help_still_prints_in_full_with_status_0() async throws {
        let temporary = try PrivateTemporaryFolder()
        let result = try await run(programPath, ["demo", "--help"], temporary: temporary)
        #expect(result.status == 0 && result.errors.isEmpty)
        #expect(result.output.contains("--file-mb <file-mb>") && result.output.contains("USAGE: asyncdemo-tui demo"))
    }

    /// SIGSEGV stands for any crash (a Swift trap is SIGILL or SIGTRAP, handled the same): the
    /// 300 MB scratch folder must not outlive the process.
    @Test(arguments: [SIGSEGV, SIGILL, SIGABRT])
    func a_crash_of_demo_removes_its_scratch_folder(signal: Int32) async throws {
        let temporary = try PrivateTemporaryFolder()
        let result = try await run(programPath, ["demo", "files", "large-file", "--file-mb", "300"], temporary: temporary) { process in
            let deadline = ContinuousClock.now + .seconds(30)
            while temporary.scratchFolders.isEmpty || !Self.holdsAFile(temporary) {
                guard ContinuousClock.now < deadline else { throw CancellationError() }
                try await Task.sleep(for: .milliseconds(20))
            }
            kill(process.processIdentifier, signal)
        }
        #expect(result.status == 128 + signal, "\(result.errors)")
        #expect(temporary.scratchFolders.isEmpty, "left behind: \(temporary.scratchFolders)")
    }

    private static func holdsAFile(_ temporary: PrivateTemporaryFolder) -> Bool {
        guard let folder = temporary.scratchFolders.first,
              let walker = FileManager.default.enumerator(atPath: temporary.path + "/" + folder) else { return false }
        return walker.contains { ($0 as? String)?.hasSuffix("large.bin") == true }
    }

    /// A file size limit stands in for a full disk (the same failed write; EFBIG for ENOSPC).
    @Test func demo_on_a_full_disk_says_so_in_one_line() async throws {
        let temporary = try PrivateTemporaryFolder()
        let script = "ulimit -f 1000; exec '\(programPath)' demo files large-file --file-mb 5 --speed 100"
        let result = try await run("/bin/sh", ["-c", script], temporary: temporary)
        #expect(result.status == 1)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(result.errors)")
        #expect(result.errors.hasPrefix("asyncdemo-tui demo: files/large-file stopped: File too large"), "\(result.errors)")
        #expect(!result.errors.contains("NSCocoaErrorDomain"))
        #expect(temporary.scratchFolders.isEmpty)
    }

    @Test func snapshot_on_a_full_disk_says_so_in_one_line() async throws {
        let temporary = try PrivateTemporaryFolder()
        let picture = temporary.path + "/dashboard.svg"
        let script = "ulimit -f 1; exec '\(programPath)' snapshot --size 200x60 -o '\(picture)'"
        let result = try await run("/bin/sh", ["-c", script], temporary: temporary)
        #expect(result.status == 1)
        #expect(result.errors == "asyncdemo-tui snapshot: cannot write '\(picture)': File too large\n")
    }
}
