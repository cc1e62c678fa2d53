import Foundation
import Testing
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

    /// `arguments` are tail's own (`-F`, `-n 0`, ...), without the file, which is `path`.
    init(directory: TemporaryDirectory, path: String, arguments: [String], options: TailCommandOptions,
         followOptions: FollowOptions? = nil) throws {
        self.directory = directory
        ours = CapturedOutput(in: directory, name: "ours.out")
        oursErrors = CapturedOutput(in: directory, name: "ours.err")
        gnu = CapturedOutput(in: directory, name: "gnu.out")
        gnuTail = try SpawnedProcess(["/usr/bin/tail"] + arguments + [path], standardOutput: gnu.descriptor)
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
}

/// Lines lost (expected, not printed) and doubled (printed more often than written).
struct LineTally: CustomStringConvertible {
    var lost = 0
    var doubled = 0
    /// Printed lines that were never written: fragments of torn lines.
    var foreign = 0

    init(expected: [String], printed: [String]) {
        var remaining = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
        for line in printed {
            if let count = remaining[line] {
                if count > 0 { remaining[line] = count - 1 } else { doubled += 1 }
            } else {
                foreign += 1
            }
        }
        lost = remaining.values.reduce(0, +)
    }

    var description: String { "\(lost) lost, \(doubled) doubled, \(foreign) fragments" }
}

/// One line per case for the report: ours beside GNU's.
func reportRace(_ name: String, expected: [String], ours: [String], gnu: [String]) -> (ours: LineTally, gnu: LineTally) {
    let tallies = (LineTally(expected: expected, printed: ours), LineTally(expected: expected, printed: gnu))
    print("[\(name)] \(expected.count) lines written; runTail: \(tallies.0); GNU tail: \(tallies.1)")
    return tallies
}
