import Foundation
import Locking
import Testing
import TestSupport
@testable import LogTail

/// GNU `tail -F` and runTail follow the same file through the same writer; GNU's lines must be a
/// subset of ours, and ours complete. Every step waits until *our* output shows it was handled,
/// so the outcome does not depend on timing; what GNU prints is only required to be a subset.
@Suite("Compared with GNU tail -F")
struct GnuTailComparisonTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)))
    func runTail_prints_every_line_gnu_tail_prints_plus_the_ones_it_loses() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("", to: path)
        let ours = CapturedOutput(in: directory, name: "ours.out")
        let oursErr = CapturedOutput(in: directory, name: "ours.err")
        let gnu = CapturedOutput(in: directory, name: "gnu.out")
        let gnuTail = try SpawnedProcess(["/usr/bin/tail", "-F", path], standardOutput: gnu.descriptor)
        let options = TailCommandOptions(follow: .byName, path: path)
        let tail = Task { await runTail(options, stdout: ours.descriptor, stderr: oursErr.descriptor, handlesInterrupt: false) }

        var expected: [String] = []
        func write(_ lines: [String], to file: String = path) {
            append(lines.map { $0 + "\n" }.joined(), to: file)
            expected += lines
        }
        func oursHasEverything() async -> Bool {
            await eventually { Set(ours.text.split(separator: "\n").map(String.init)) == Set(expected) }
        }

        write(["ready"])  // both are following once both print it
        #expect(await eventually { ours.text == "ready\n" && gnu.text == "ready\n" })
        write((1...20).map { "before truncation \($0)" })
        #expect(await oursHasEverything())
        // copytruncate, then the log regrows past the old offset before anyone looks.
        truncate(path, 0)
        write((1...60).map { "regrown after truncation \($0)" })
        #expect(await oursHasEverything())
        // Rename rotation while the writer still holds the old file, then the new file.
        rename(path, directory.file("app.log.1"))
        write((1...10).map { "written to the old file after rename \($0)" }, to: directory.file("app.log.1"))
        write((1...10).map { "new file \($0)" })
        #expect(await oursHasEverything())
        _ = await eventually(timeout: .seconds(3)) { gnu.text.hasSuffix("new file 10\n") }  // let GNU catch up

        let ourLines = ours.text.split(separator: "\n").map(String.init)
        let gnuLines = gnu.text.split(separator: "\n").map(String.init)
        #expect(Set(ourLines) == Set(expected))
        #expect(ourLines.count == expected.count, "no line twice")
        // GNU, reading on at its old offset after the regrowth, prints the tail of a line as if it
        // were a line ("n after truncation 16"): such fragments are not lines of the file.
        let gnuRealLines = gnuLines.filter(expected.contains)
        #expect(Set(gnuRealLines).isSubset(of: Set(ourLines)))
        let lostByGnu = expected.filter { !gnuLines.contains($0) }
        print("GNU tail -F lost \(lostByGnu.count) of \(expected.count) lines and printed "
              + "\(gnuLines.count - gnuRealLines.count) fragments; runTail lost none. First lost: \(lostByGnu.prefix(3))")
        tail.cancel()
        #expect(await tail.value == 130)
        await gnuTail.stop()
    }

    /// Foundation's Process left GNU tail running after every run: the child inherited the test
    /// thread's blocked SIGTERM, so terminate() did nothing.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)))
    func gnu_tail_started_by_a_test_is_gone_when_stopped() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("ready\n", to: path)
        let gnu = CapturedOutput(in: directory, name: "gnu.out")
        let gnuTail = try SpawnedProcess(["/usr/bin/tail", "-F", path], standardOutput: gnu.descriptor)
        #expect(await eventually { gnu.text == "ready\n" })
        await gnuTail.stop()
        #expect(!gnuTail.exists)
    }

    /// `tail -n 1 /proc/version` looped on its "truncation" (size 0 < offset), writing the line
    /// and a notice again and again. Stopped at 64 KiB of output, so the failure stays small.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")
                   && FileManager.default.isReadableFile(atPath: "/proc/version")),
          arguments: [(1, "/proc/version"), (3, "/proc/filesystems"), (0, "/proc/version")])
    func last_lines_of_a_proc_file_match_gnu_and_the_command_ends(lines: Int, path: String) async throws {
        let directory = TemporaryDirectory()
        let ours = CapturedOutput(in: directory, name: "ours.out")
        let oursErr = CapturedOutput(in: directory, name: "ours.err")
        let gnu = CapturedOutput(in: directory, name: "gnu.out")
        let gnuTail = try SpawnedProcess(["/usr/bin/tail", "-n", String(lines), path], standardOutput: gnu.descriptor)
        let options = TailCommandOptions(lines: lines, path: path)
        let tail = Task { await runTail(options, stdout: ours.descriptor, stderr: oursErr.descriptor, handlesInterrupt: false) }
        let finished = LockedState(false)
        let watcher = Task { _ = await tail.value; finished.withLock { $0 = true } }
        #expect(await eventually { finished.withLock { $0 } || ours.bytes.count > 65_536 })
        tail.cancel()
        #expect(await tail.value == 0)
        await watcher.value
        #expect(await gnuTail.waitForExit())
        #expect(ours.text == gnu.text)
        #expect(oursErr.text.isEmpty)
    }

    /// logrotate's copytruncate on a log that starts with a header longer than the fingerprint:
    /// the rewritten file looks the same at its start and is already past the old offset.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)),
          arguments: [false, true])
    func copytruncate_of_a_file_with_the_same_header_loses_nothing(polling: Bool) async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let header = FollowRotationTests.serviceHeader
        append(([header] + (1...1000).map(String.init)).map { $0 + "\n" }.joined(), to: path)
        let race = try GnuTailRace(directory: directory, path: path,
                                   arguments: ["-n", "1", "-F"] + (polling ? ["---disable-inotify"] : []),
                                   options: TailCommandOptions(lines: 1, follow: .byName, poll: polling, path: path))
        #expect(await race.waitUntilBothPrinted("1000"))
        // Truncate and rewrite in one go, as a writer that reopens with O_TRUNC does.
        let rewritten = [header] + (1001...4000).map(String.init)
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        let bytes = Array(rewritten.map { $0 + "\n" }.joined().utf8)
        #expect(bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
        close(descriptor)
        append("4001\n", to: path)
        let expected = ["1000"] + rewritten + ["4001"]
        #expect(await eventually { race.ourLines.count >= expected.count })
        _ = await race.waitUntilBothPrinted("4001")
        await race.finish("copytruncate, same header, \(polling ? "polling" : "inotify")", expected: expected)
        #expect(race.oursErrors.text.contains("\(path): file truncated"))
    }

    /// The same file comes back under its name: `mv r.log r.tmp; mv r.tmp r.log; seq 101 200 >> r.log`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)))
    func file_moved_away_and_back_prints_each_line_once() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("r.log")
        append((1...100).map { "\($0)\n" }.joined(), to: path)
        let race = try GnuTailRace(directory: directory, path: path, arguments: ["-F"],
                                   options: TailCommandOptions(follow: .byName, path: path))
        #expect(await race.waitUntilBothPrinted("100"))
        rename(path, directory.file("r.tmp"))
        #expect(await eventually { race.oursErrors.text.contains("has become inaccessible") })
        rename(directory.file("r.tmp"), path)
        append((101...200).map { "\($0)\n" }.joined(), to: path)
        append("end\n", to: path)
        _ = await race.waitUntilBothPrinted("end")
        await race.finish("moved away and back", expected: (91...200).map(String.init) + ["end"])
    }

    /// `chmod 000` on the directory and back, GNU tail run as `nobody` so that it meets the same
    /// EACCES as our reader thread.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")
                   && FileManager.default.isExecutableFile(atPath: asNobody[0])), .timeLimit(.minutes(1)))
    func directory_made_unreadable_and_back_prints_each_line_once() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("r.log")
        append((1...100).map { "\($0)\n" }.joined(), to: path)
        var followOptions = TailCommandOptions(follow: .byName, path: path).followOptions(outputIsTerminal: false)
        followOptions.testHooks.onReaderThreadStart = try dropReaderThreadToNobody()
        let race = try GnuTailRace(directory: directory, path: path, arguments: ["-F"],
                                   options: TailCommandOptions(follow: .byName, path: path),
                                   followOptions: followOptions, launcher: asNobody)
        #expect(await race.waitUntilBothPrinted("100"))
        chmod(directory.path, 0o000)
        #expect(await eventually { race.oursErrors.text.contains("Permission denied") })
        append((101...150).map { "\($0)\n" }.joined(), to: path)
        #expect(await eventually { race.ourLines.contains("150") })
        chmod(directory.path, 0o755)
        #expect(await eventually { race.oursErrors.text.contains("has become accessible") })
        append((151...200).map { "\($0)\n" }.joined() + "end\n", to: path)
        _ = await race.waitUntilBothPrinted("end")
        await race.finish("directory unreadable and back", expected: (91...200).map(String.init) + ["end"])
        #expect(!race.oursErrors.text.contains("No such file"), "\(race.oursErrors.text)")
    }

    /// A 1,000,000-byte line into a file arrived as its first 65,536 bytes, with no word of it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)))
    func huge_line_into_a_file_is_passed_whole_like_gnu_tail() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let huge = String(repeating: "0123456789", count: 100_000)
        append("before\n" + huge + "\nafter\n", to: path)
        let race = try GnuTailRace(directory: directory, path: path, arguments: ["-n", "3", "-F"],
                                   options: TailCommandOptions(lines: 3, follow: .byName, path: path))
        #expect(await race.waitUntilBothPrinted("after"))
        append(huge + "\nlast\n", to: path)
        _ = await race.waitUntilBothPrinted("last")
        await race.finish("a 1,000,000-byte line", expected: ["before", huge, "after", huge, "last"])
        #expect(race.ours.bytes == race.gnu.bytes)
        #expect(race.oursErrors.text.isEmpty)
    }

    /// `seq 100 | tail -n 3 /dev/stdin`, `seq 100 | tail -n 3` and `... | tail -n 3 -`: ours
    /// said "cannot follow end of this type of file" or needed a file; GNU streams them all.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)),
          arguments: [["-n", "3", "/dev/stdin"], ["-n", "3"], ["-n", "3", "-"], ["-f", "-n", "3", "-"]])
    func standard_input_from_a_pipe_is_read_like_gnu_tail(arguments: [String]) async throws {
        let directory = TemporaryDirectory()
        let input = (1...100).map { "\($0)\n" }.joined()
        let (gnuRead, gnuWrite) = try makePipe()
        let (ourRead, ourWrite) = try makePipe()
        let gnu = CapturedOutput(in: directory, name: "gnu.out")
        let gnuTail = try SpawnedProcess(["/usr/bin/tail"] + arguments, standardInput: gnuRead, standardOutput: gnu.descriptor)
        close(gnuRead)
        writeAndClose(gnuWrite, input)
        writeAndClose(ourWrite, input)
        let ours = CapturedOutput(in: directory, name: "ours.out")
        let oursErr = CapturedOutput(in: directory, name: "ours.err")
        // /dev/stdin is /proc/self/fd/0; ours reads the pipe's own entry the same way.
        let path = arguments.last == "/dev/stdin" ? "/proc/self/fd/\(ourRead)" : TailCommandOptions.standardInput
        let follow: TailCommandOptions.Follow = arguments.contains("-f") ? .byDescriptor : .none
        let status = await runTail(TailCommandOptions(lines: 3, follow: follow, path: path), stdout: ours.descriptor,
                                   stderr: oursErr.descriptor, handlesInterrupt: false, stdin: ourRead)
        close(ourRead)
        #expect(await gnuTail.waitForExit())
        #expect(status == 0)
        #expect(gnuTail.exitCode == 0)
        #expect(ours.text == "98\n99\n100\n")
        #expect(ours.text == gnu.text)
        #expect(oursErr.text.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)))
    func standard_input_cannot_be_followed_by_name_as_with_gnu_tail() async throws {
        let directory = TemporaryDirectory()
        let (gnuRead, gnuWrite) = try makePipe()
        let gnu = CapturedOutput(in: directory, name: "gnu.out")
        let gnuErr = CapturedOutput(in: directory, name: "gnu.err")
        let gnuTail = try SpawnedProcess(["/usr/bin/tail", "-F", "-"], standardInput: gnuRead,
                                         standardOutput: gnu.descriptor, standardError: gnuErr.descriptor)
        close(gnuRead)
        close(gnuWrite)
        let ours = CapturedOutput(in: directory, name: "ours.out")
        let oursErr = CapturedOutput(in: directory, name: "ours.err")
        let status = await runTail(TailCommandOptions(follow: .byName), stdout: ours.descriptor,
                                   stderr: oursErr.descriptor, handlesInterrupt: false)
        #expect(await gnuTail.waitForExit())
        #expect(status == 1 && gnuTail.exitCode == 1)
        #expect(oursErr.text == "asyncdemo-tui: cannot follow '-' by name\n")
        #expect(gnuErr.text.hasSuffix("tail: cannot follow '-' by name\n"))
    }

    /// `tail -F FIFO` printed nothing. Each tail gets a FIFO of its own (two readers of one FIFO
    /// would share its bytes) and the same writers: first 20 lines, then two more writers.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tail")), .timeLimit(.minutes(1)))
    func fifo_followed_by_name_streams_every_writer_like_gnu_tail() async throws {
        let directory = TemporaryDirectory()
        let ourFIFO = directory.file("ours.fifo")
        let gnuFIFO = directory.file("gnu.fifo")
        mkfifo(ourFIFO, 0o644)
        mkfifo(gnuFIFO, 0o644)
        let gnu = CapturedOutput(in: directory, name: "gnu.out")
        let gnuTail = try SpawnedProcess(["/usr/bin/tail", "-F", gnuFIFO], standardOutput: gnu.descriptor)
        let ours = CapturedOutput(in: directory, name: "ours.out")
        let oursErr = CapturedOutput(in: directory, name: "ours.err")
        let tail = Task {
            await runTail(TailCommandOptions(follow: .byName, path: ourFIFO), stdout: ours.descriptor,
                          stderr: oursErr.descriptor, handlesInterrupt: false)
        }
        let writes = [(1...20).map { "\($0)\n" }.joined(), "21\n", "22\n"]
        for (index, text) in writes.enumerated() {
            for fifo in [ourFIFO, gnuFIFO] {
                let writer = await openFIFOForWriting(fifo)
                #expect(writer >= 0, "no reader opened \(fifo)")
                writeAndClose(writer, text)
            }
            // The next writer comes once both have read this one, so neither sees two at once.
            let last = String(20 + index)
            #expect(await eventually { ours.text.hasSuffix("\n\(last)\n") && gnu.text.hasSuffix("\n\(last)\n") })
        }
        tail.cancel()
        #expect(await tail.value == 130)
        await gnuTail.stop()
        let expected = (11...22).map(String.init)
        let tallies = reportRace("FIFO followed by name", expected: expected,
                                 ours: ours.text.split(separator: "\n").map(String.init),
                                 gnu: gnu.text.split(separator: "\n").map(String.init))
        #expect(ours.text == expected.map { $0 + "\n" }.joined())
        #expect(tallies.ours.lost == 0 && tallies.ours.doubled == 0)
        #expect(oursErr.text.isEmpty)
    }
}
