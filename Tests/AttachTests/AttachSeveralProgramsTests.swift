import Foundation
import Testing
import TestSupport

/// Several programs and no terminal: the one line that lists them, status 1, no picker.
@Suite("Picking among several programs without a terminal", .serialized, .timeLimit(.minutes(3)))
struct AttachSeveralProgramsTests {
    @Test func test_attach_with_several_programs_and_no_terminal_lists_them_in_one_line() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.path + "/asyncdemo-tui"
        let outcome = try await ProbeSample.with(socketFolder: folder, scratch: scratch) { first in
            try await ProbeSample.with(socketFolder: folder, scratch: scratch) { second in
                let outcome = try await runDashboard(["attach"], environment: ["XDG_RUNTIME_DIR=\(scratch.path)", "TERM=xterm"],
                                                     scratch: scratch)
                return (outcome, first.process.pid, second.process.pid)
            }
        }
        let (result, first, second) = outcome
        #expect(result.status == 1)
        #expect(result.errors.filter { $0 == "\n" }.count == 1, "\(result.errors)")
        #expect(result.errors.hasPrefix("asyncdemo-tui attach: 2 programs can be attached to ("))
        #expect(result.errors.contains("\(first) 'probe-sample' since") && result.errors.contains("\(second) 'probe-sample' since"))
    }
}
