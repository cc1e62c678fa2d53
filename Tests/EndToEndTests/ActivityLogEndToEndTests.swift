import Foundation
import Testing

/// The activity log as a user meets it in a real terminal: each run's header line, the pane
/// showing this run only, two dashboards at once, a log file that cannot be written.
@Suite("Activity log, end to end", .serialized)
struct ActivityLogEndToEndTests {
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("adt-activity-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func start(_ arguments: String, environment: String = TmuxSession.testEnvironment) async throws -> TmuxSession {
        let session = try TmuxSession(width: 120, height: 30, script: TmuxSession.wrapped(arguments, environment: environment))
        try await session.waitFor(text: "┌ Tasks ")
        return session
    }

    @Test func a_run_starts_with_its_header_line_and_the_pane_shows_this_run_only() async throws {
        let state = try folder()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let logPath = state + "/activity.log"
        try "00:00:01.000 error job 9 failed in an earlier run\n".write(toFile: logPath, atomically: false, encoding: .utf8)
        let session = try await start("--log-file '\(logPath)'")
        try await session.waitFor(text: "enqueued item")
        // From the Tasks, where the focus starts, Tab goes round to the Log: / filters it there.
        try session.sendKeys("Tab", "/")
        try await session.waitFor(text: "Enter applies · Esc cancels")
        try session.sendKeys("earlier", "Enter")
        // Nothing of this run matches (the note of the filter itself does not count), and the
        // earlier run's line is not in the pane.
        let filtered = try await session.waitFor(text: "no line matches “earlier”")
        #expect(!filtered.contains("job 9 failed"), "\(filtered)")
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0)
        let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "00:00:01.000 error job 9 failed in an earlier run")
        #expect(lines.dropFirst().first?.contains(" info  run started at=") == true, "\(lines.prefix(3))")
        #expect(lines.filter { $0.contains("run started") }.count == 1)
    }

    @Test func two_dashboards_at_once_write_separate_logs() async throws {
        let state = try folder()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let environment = "TERM=xterm-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(state)"
        let first = try await start("", environment: environment)
        try await first.waitFor(text: "┌ Log — activity.log ")
        let second = try await start("", environment: environment)
        try await second.waitFor(text: "┌ Log — activity-2.log ")
        try first.sendKeys("q")
        try second.sendKeys("q")
        #expect(try await first.waitForExitReport().status == 0)
        #expect(try await second.waitForExitReport().status == 0)
        let after = second.capture().split(separator: "\n").joined()
        #expect(after.contains("was in use by another dashboard; this run's activity log is '\(state)/asyncdemo-tui/activity-2.log'"),
                "\(after)")
        for name in ["activity.log", "activity-2.log"] {
            let text = try String(contentsOfFile: state + "/asyncdemo-tui/" + name, encoding: .utf8)
            #expect(text.components(separatedBy: "run started").count == 2, "\(name) holds one run")
            #expect(text.components(separatedBy: "dashboard stopped").count == 2, "\(name) holds one run")
        }
    }

    @Test func an_unwritable_log_file_is_said_in_the_log_pane_at_once() async throws {
        let session = try await start("--log-file /proc/no-such-place/activity.log")
        try await session.waitFor(text: "no activity log: cannot create the")
        try session.sendKeys("q")
        #expect(try await session.waitForExitReport().status == 0)
    }
}
