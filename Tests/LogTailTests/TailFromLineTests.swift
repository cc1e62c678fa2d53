import Foundation
import Testing
import TestSupport
@testable import LogTail

/// `tail -n +N`: from line N on, as GNU tail prints it, for a file, a pipe and while following.
@Suite("The tail command from line N")
struct TailFromLineTests {
    private func tail(_ start: FollowOptions.StartPosition, file contents: String) async -> (status: Int32, output: String) {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append(contents, to: path)
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let status = await runTail(TailCommandOptions(start: start, path: path), stdout: out.descriptor,
                                   stderr: err.descriptor, handlesInterrupt: false)
        #expect(err.text.isEmpty)
        return (status, out.text)
    }

    @Test func plus_n_prints_a_file_from_line_n() async {
        #expect(await tail(.fromLine(2), file: "1\n2\n3\n4\n").output == "2\n3\n4\n")
        #expect(await tail(.fromLine(4), file: "1\n2\n3\n4").output == "4")
        #expect(await tail(.fromLine(5), file: "1\n2\n3\n4\n").output == "")
        #expect(await tail(.fromLine(0), file: "1\n2\n").output == "1\n2\n", "+0 is the whole file, as +1")
        #expect(await tail(.fromLine(1), file: "1\n2\n").output == "1\n2\n")
        #expect(await tail(.fromLine(Int.max), file: "1\n2\n").output == "")
    }

    @Test func plus_n_finds_line_n_past_the_first_read_block() async {
        let lines = (1...30_000).map { "line \($0) " + String(repeating: "x", count: $0 % 7) + "\n" }
        #expect(await tail(.fromLine(29_999), file: lines.joined()).output == lines[29_998] + lines[29_999])
    }

    @Test func plus_n_skips_the_first_lines_of_a_pipe_across_its_reads() async throws {
        let directory = TemporaryDirectory()
        let (readEnd, writeEnd) = try makePipe()
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        // 24 KB: less than a pipe holds, so it is all written before tail reads, in several reads.
        writeAndClose(writeEnd, (1...5_000).map { "\($0)\n" }.joined())
        // 1,000-byte reads: the lines to skip span many batches.
        let reads = FollowOptions(startPosition: .fromLine(4_998), mode: .once, readChunkBytes: 1_000)
        let status = await runTail(TailCommandOptions(start: .fromLine(4_998)), stdout: out.descriptor,
                                   stderr: err.descriptor, handlesInterrupt: false, followOptions: reads, stdin: readEnd)
        close(readEnd)
        #expect(status == 0)
        #expect(out.text == "4998\n4999\n5000\n")
    }

    @Test func following_from_line_n_prints_the_lines_written_later() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("1\n2\n", to: path)
        let out = CapturedOutput(in: directory, name: "out")
        let err = CapturedOutput(in: directory, name: "err")
        let options = TailCommandOptions(start: .fromLine(2), follow: .byName, path: path)
        let tail = Task { await runTail(options, stdout: out.descriptor, stderr: err.descriptor, handlesInterrupt: false) }
        #expect(await eventually { out.text == "2\n" })
        append("3\n", to: path)
        #expect(await eventually { out.text == "2\n3\n" })
        tail.cancel()
        #expect(await tail.value == 130)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)),
          arguments: [2, 0, 1, 7, 99])
    func plus_n_prints_what_gnu_tail_prints(line: Int) async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append((1...50).map { "line \($0)\n" }.joined() + "no newline", to: path)
        let gnu = CapturedOutput(in: directory, name: "gnu.out")
        let gnuTail = try SpawnedProcess(["/usr/bin/tail", "-n", "+\(line)", path], standardOutput: gnu.descriptor)
        #expect(await gnuTail.waitForExit())
        let ours = await tail(.fromLine(line), file: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        #expect(ours.status == 0)
        #expect(ours.output == gnu.text)
    }
}
