import Foundation
import Locking
import Testing
import TestSupport
@testable import LogTail

/// A file that collects what runTail writes to one of its outputs.
final class CapturedOutput: Sendable {
    let path: String
    let descriptor: Int32

    init(in directory: TemporaryDirectory, name: String) {
        path = directory.file(name)
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    }

    deinit { close(descriptor) }

    var bytes: [UInt8] { Array((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()) }
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Only `sigint_ends_a_follow_with_status_130` lets runTail take SIGINT: the disposition is
/// process-wide, and parallel tests restoring it would let that test's signal kill the runner.
@Suite("The tail command")
struct TailCommandTests {
    @Test func prints_the_last_lines_byte_for_byte_when_not_a_terminal() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("1\n2\r\n3\n4\u{1B}[2J\nlast without newline", to: path)
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(lines: 3, path: path), stdout: out.descriptor, stderr: err.descriptor,
                                   handlesInterrupt: false)
        #expect(status == 0)
        #expect(out.bytes == Array("3\n4\u{1B}[2J\nlast without newline".utf8))
        #expect(err.text.isEmpty)
        _ = await runTail(TailCommandOptions(lines: 5, path: path), stdout: out.descriptor, stderr: err.descriptor,
                          handlesInterrupt: false)
        #expect(out.text.hasSuffix("2\r\n3\n4\u{1B}[2J\nlast without newline"))
    }

    /// Beyond the 16 MiB a line may hold, what is cut is said on stderr, never silently.
    @Test func line_longer_than_the_limit_is_cut_with_a_word_on_stderr() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let limit = TailCommandOptions.pipedLineLimit
        append([UInt8](repeating: 0x61, count: limit + 1000) + Array("\nnext\n".utf8), to: path)
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(lines: 2, path: path), stdout: out.descriptor, stderr: err.descriptor,
                                   handlesInterrupt: false)
        #expect(status == 0)
        #expect(out.bytes.count == limit + "\nnext\n".utf8.count)
        #expect(err.text == "asyncdemo-tui: '\(path)': a line of \(limit + 1000) bytes was cut to \(limit)\n")
    }

    @Test func missing_file_without_follow_is_an_error_in_gnu_words() async {
        let directory = TemporaryDirectory()
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(path: "no.log"), stdout: out.descriptor, stderr: err.descriptor,
                                   handlesInterrupt: false)
        #expect(status == 1)
        #expect(err.text == "asyncdemo-tui: cannot open 'no.log' for reading: No such file or directory\n")
    }

    /// A file name that is an escape sequence must not retitle the window or clear the screen.
    @Test func a_missing_file_named_with_escapes_is_quoted_inert_as_gnu_does() async {
        let directory = TemporaryDirectory()
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(path: "x\u{1B}]2;PWNED\u{07}\u{1B}[2J.log"), stdout: out.descriptor,
                                   stderr: err.descriptor, handlesInterrupt: false)
        #expect(status == 1)
        #expect(err.text == "asyncdemo-tui: cannot open 'x'$'\\033'']2;PWNED'$'\\a\\033''[2J.log' for reading: No such file or directory\n")
        #expect(!err.text.dropLast().unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func directory_without_follow_is_an_error() async {
        let directory = TemporaryDirectory()
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(path: directory.path), stdout: out.descriptor, stderr: err.descriptor,
                                   handlesInterrupt: false)
        #expect(status == 1)
        #expect(err.text == "asyncdemo-tui: error reading '\(directory.path)': Is a directory\n")
    }

    @Test func lines_on_a_terminal_are_made_safe() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("title\u{1B}]0;pwned\u{07} clear\u{1B}[2J\n", to: path)
        let (master, terminalPath) = try openPseudoTerminal()
        defer { close(master) }
        let terminal = open(terminalPath, O_RDWR | O_NOCTTY)
        defer { close(terminal) }
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(path: path), stdout: terminal, stderr: err.descriptor,
                                   handlesInterrupt: false)
        #expect(status == 0)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        let shown = Array(buffer.prefix(max(0, count)))
        #expect(String(decoding: shown, as: UTF8.self) == "title^[]0;pwned^G clear^[[2J\r\n")
        #expect(!shown.contains(0x1B) && !shown.contains(0x07))
    }

    @Test func follow_by_name_reports_changes_in_gnu_words_and_cancellation_exits_130() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\n", to: path)
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let options = TailCommandOptions(follow: .byName, path: path)
        let tail = Task { await runTail(options, stdout: out.descriptor, stderr: err.descriptor, handlesInterrupt: false) }
        #expect(await eventually { out.text == "a\n" })
        truncate(path, 0)
        #expect(await eventually { err.text.contains("asyncdemo-tui: \(path): file truncated\n") })
        append("b\n", to: path)
        rename(path, directory.file("app.log.1"))
        append("c\n", to: path)
        #expect(await eventually { out.text == "a\nb\nc\n" })
        let expectedNotice = err.text.contains("'\(path)' has been replaced;  following new file\n")
            || err.text.contains("'\(path)' has appeared;  following new file\n")
        #expect(expectedNotice, "\(err.text)")
        tail.cancel()
        #expect(await tail.value == 130)
    }

    @Test(.timeLimit(.minutes(1)))
    func sigint_ends_a_follow_with_status_130() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\n", to: path)
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        // Ignored around the test, so no SIGINT of ours can end the runner: not one sent before
        // runTail takes the signal, nor one sent just after it gave it back.
        let before = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, before) }
        let options = TailCommandOptions(follow: .byName, path: path)
        let tail = Task { await runTail(options, stdout: out.descriptor, stderr: err.descriptor) }
        let ended = LockedState(false)
        let watcher = Task { let status = await tail.value; ended.withLock { $0 = true }; return status }
        #expect(await eventually { out.text == "a\n" })
        // One signal, the moment the first line is out: the handler is in place before tail
        // reads anything, so not even a Ctrl-C in its first moment is lost.
        kill(getpid(), SIGINT)
        #expect(await eventually { ended.withLock { $0 } })
        #expect(await watcher.value == 130)
    }
}

/// Write errors: the reader of our output went away. SIGPIPE is ignored in the test process
/// (as `trap '' PIPE` does for the command) so a write into the closed pipe fails with EPIPE
/// instead of killing the test runner.
@Suite("The tail command when its output goes away")
struct TailOutputErrorTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test(.timeLimit(.minutes(1)))
    func write_into_a_closed_pipe_ends_tail_with_a_message_and_status_1() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\n", to: path)
        let (readEnd, writeEnd) = try makePipe()
        close(readEnd)
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(path: path), stdout: writeEnd, stderr: err.descriptor,
                                   handlesInterrupt: false)
        close(writeEnd)
        #expect(status == 1)
        #expect(err.text == "asyncdemo-tui: error writing 'standard output': Broken pipe\n")
    }

    /// `(trap '' PIPE; tail -n1 -F f | head -1)`: head has gone, and no new line will come to
    /// fail a write. GNU tail notices the pipe's reader is gone; so must we.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)))
    func follow_into_a_pipe_whose_reader_left_ends_like_gnu_tail() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\nb\n", to: path)
        let (ourRead, ourWrite) = try makePipe()
        let (gnuRead, gnuWrite) = try makePipe()
        let err = CapturedOutput(in: directory, name: "err")
        let gnuTail = try SpawnedProcess(["/bin/sh", "-c", "trap '' PIPE; exec /usr/bin/tail -n 1 -F \"$0\"", path],
                                         standardOutput: gnuWrite)
        close(gnuWrite)
        let tail = Task {
            await runTail(TailCommandOptions(lines: 1, follow: .byName, path: path), stdout: ourWrite,
                          stderr: err.descriptor, handlesInterrupt: false)
        }
        #expect(await readLine(from: ourRead) == "b")  // as `head -1` does, then it leaves
        #expect(await readLine(from: gnuRead) == "b")
        close(ourRead)
        close(gnuRead)
        let finished = LockedState(false)
        let watcher = Task { _ = await tail.value; finished.withLock { $0 = true } }
        let oursEnded = await eventually { finished.withLock { $0 } }
        let gnuEnded = await gnuTail.waitForExit()
        tail.cancel()
        let status = await tail.value
        await watcher.value
        close(ourWrite)
        await gnuTail.stop()
        print("[output pipe closed] runTail: \(oursEnded ? "exit \(status)" : "still running"); "
              + "GNU tail: \(gnuEnded ? "exit \(gnuTail.exitCode.map(String.init) ?? "by signal")" : "still running")")
        #expect(oursEnded && status == 1)
        #expect(err.text.hasSuffix("asyncdemo-tui: error writing 'standard output': Broken pipe\n"))
        #expect(gnuEnded && gnuTail.exitCode == 1)
    }
}

/// One line from `descriptor`, byte by byte so nothing after it is consumed; nil if none comes
/// within 10 s. Non-blocking, so the test's thread never hangs in read.
private func readLine(from descriptor: Int32) async -> String? {
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if read(descriptor, &byte, 1) == 1 {
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        } else {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
    return nil
}

/// A pseudo-terminal pair, so `isatty` is true for real. Glibc's Swift module does not export the
/// pty functions, so they are looked up by name.
private func openPseudoTerminal() throws -> (master: Int32, terminalPath: String) {
    typealias IntFunction = @convention(c) (Int32) -> Int32
    typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    func lookUp<Function>(_ name: String, as type: Function.Type) throws -> Function {
        unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)), to: type)
    }
    let master = try lookUp("posix_openpt", as: IntFunction.self)(O_RDWR | O_NOCTTY)
    try #require(master >= 0)
    try #require(try lookUp("grantpt", as: IntFunction.self)(master) == 0)
    try #require(try lookUp("unlockpt", as: IntFunction.self)(master) == 0)
    let name = try #require(try lookUp("ptsname", as: NameFunction.self)(master))
    return (master, String(cString: name))
}
