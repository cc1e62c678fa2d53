import Foundation
import Testing
import TestSupport
@testable import LogTail

/// GNU tail and runTail started on the same file with the same arguments, their outputs kept
/// apart, so one run shows what each of them loses or doubles.
final class GnuTailRace: Sendable {
    let directory: TemporaryDirectory
    let ours: CapturedOutput
    let oursErrors: CapturedOutput
    let gnu: CapturedOutput
    private let gnuTail: SpawnedProcess
    private let tail: Task<Int32, Never>

    /// `arguments` are tail's own (`-F`, `-n 0`, ...), without the file, which is `path`;
    /// `launcher` comes before GNU tail (to run it as another user).
    init(directory: TemporaryDirectory, path: String, arguments: [String], options: TailCommandOptions,
         followOptions: FollowOptions? = nil, launcher: [String] = []) throws {
        self.directory = directory
        ours = CapturedOutput(in: directory, name: "ours.out")
        oursErrors = CapturedOutput(in: directory, name: "ours.err")
        gnu = CapturedOutput(in: directory, name: "gnu.out")
        gnuTail = try SpawnedProcess(launcher + ["/usr/bin/tail"] + arguments + [path], standardOutput: gnu.descriptor)
        tail = Task { [ours, oursErrors] in
            await runTail(options, stdout: ours.descriptor, stderr: oursErrors.descriptor, handlesInterrupt: false,
                          followOptions: followOptions)
        }
    }

    var ourLines: [String] { ours.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    var gnuLines: [String] { gnu.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    /// Both have printed `line` (or `timeout` passed for GNU, which may lose it).
    func waitUntilBothPrinted(_ line: String) async -> Bool {
        let oursDid = await eventually { ourLines.contains(line) }
        let gnuDid = await eventually(timeout: .seconds(3)) { gnuLines.contains(line) }
        return oursDid && gnuDid
    }

    /// Ends both; returns our exit status (130: cancelled while following).
    func stop() async -> Int32 {
        tail.cancel()
        let status = await tail.value
        await gnuTail.stop()
        return status
    }

    /// Ends both, prints the case's tallies beside GNU's and expects ours to be exactly `expected`.
    func finish(_ name: String, expected: [String], sourceLocation: SourceLocation = #_sourceLocation) async {
        #expect(await stop() == 130, sourceLocation: sourceLocation)
        let tallies = reportRace(name, expected: expected, ours: ourLines, gnu: gnuLines)
        #expect(ourLines == expected, sourceLocation: sourceLocation)
        #expect(tallies.ours.lost == 0 && tallies.ours.doubled == 0 && tallies.ours.unexpected == 0,
                sourceLocation: sourceLocation)
    }
}

/// Lines lost (expected, not printed) and doubled (printed more often than written).
struct LineTally: CustomStringConvertible {
    var lost = 0
    var doubled = 0
    /// Printed lines that were not expected: fragments of torn lines, or lines from before the
    /// start (`-n`) printed because the file was read again from its first byte.
    var unexpected = 0

    init(expected: [String], printed: [String]) {
        var remaining = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
        for line in printed {
            if let count = remaining[line] {
                if count > 0 { remaining[line] = count - 1 } else { doubled += 1 }
            } else {
                unexpected += 1
            }
        }
        lost = remaining.values.reduce(0, +)
    }

    var description: String { "\(lost) lost, \(doubled) doubled, \(unexpected) unexpected" }
}

/// One line per case for the report: ours beside GNU's.
func reportRace(_ name: String, expected: [String], ours: [String], gnu: [String]) -> (ours: LineTally, gnu: LineTally) {
    let tallies = (LineTally(expected: expected, printed: ours), LineTally(expected: expected, printed: gnu))
    print("[\(name)] \(expected.count) lines written; runTail: \(tallies.0); GNU tail: \(tallies.1)")
    return tallies
}
