import Foundation
import Testing
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

    @Test func missing_file_without_follow_is_an_error_in_gnu_words() async {
        let directory = TemporaryDirectory()
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(path: "no.log"), stdout: out.descriptor, stderr: err.descriptor,
                                   handlesInterrupt: false)
        #expect(status == 1)
        #expect(err.text == "asyncdemo-tui: cannot open 'no.log' for reading: No such file or directory\n")
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

    @Test func sigint_ends_a_follow_with_status_130() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\n", to: path)
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let options = TailCommandOptions(follow: .byName, path: path)
        let tail = Task { await runTail(options, stdout: out.descriptor, stderr: err.descriptor) }
        #expect(await eventually { out.text == "a\n" })  // by then the SIGINT source is installed
        kill(getpid(), SIGINT)
        #expect(await tail.value == 130)
    }
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
