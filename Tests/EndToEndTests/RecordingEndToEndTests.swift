import Foundation
import Testing

/// `--record` and `--trace` on the dashboard in a real terminal: the files at exit, and a full
/// disk said in the header at once.
@Suite("Recording the dashboard, end to end", .serialized)
struct RecordingEndToEndTests {
    /// A new temporary folder; the caller removes it.
    static func makeFolder(_ prefix: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func the_dashboard_records_and_writes_its_trace_at_exit() async throws {
        let folder = try Self.makeFolder("adt-rec")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try TmuxSession(width: 120, height: 30, script: TmuxSession.wrapped(
            "--log-file /dev/null --record '\(folder)/run.jsonl' --trace '\(folder)/trace.json'"))
        _ = try await session.waitFor(text: "permit granted")
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0 && report.icanon && report.echo)
        let lines = try String(contentsOfFile: "\(folder)/run.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.contains(#""format":"asyncdemo-tui recording""#) == true && lines.count > 20)
        // The quit's cancellations are the run's last events.
        #expect(lines.last?.contains("taskFinished") == true || lines.last?.contains("logLine") == true, "\(lines.last ?? "")")
        let trace = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/trace.json"))) as? [String: Any]
        #expect((trace?["traceEvents"] as? [Any])?.count ?? 0 > 20)
    }

    @Test func a_restart_ends_the_recording_at_once_and_says_so_in_the_header() async throws {
        let folder = try Self.makeFolder("adt-rec-restart")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try TmuxSession(width: 140, height: 30, script: TmuxSession.wrapped(
            "--log-file /dev/null --record '\(folder)/run.jsonl'"))
        _ = try await session.waitFor(text: "permit granted")
        try session.sendKeys("R")
        let screen = try await session.waitFor(text: "recording stopped ")
        #expect(screen.split(separator: "\n").first?.contains(": the run was restarted") == true, "\(screen)")
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0 && report.icanon && report.echo)
        let after = session.capture().split(separator: "\n").joined()
        #expect(after.contains("stopped at ") && after.contains(": the run was restarted; it keeps events 1 to "), "\(after)")
        let lines = try String(contentsOfFile: "\(folder)/run.jsonl", encoding: .utf8).split(separator: "\n")
        // The first run whole: its stop's cancellations are in it.
        #expect(lines.contains { $0.contains(#""taskFinished""#) && $0.contains(#""cancelled""#) }, "\(lines.suffix(3))")
    }

    /// A file size limit (`ulimit -f`, set in the pane's shell only) fails the recording's
    /// writes as a full filesystem would (EFBIG for ENOSPC); the activity log goes to /dev/null,
    /// which no size limit applies to.
    @Test func a_full_disk_is_said_in_the_header_at_once_and_after_exit() async throws {
        let folder = try Self.makeFolder("adt-rec-full")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "ulimit -f 16; " + TmuxSession.wrapped("--log-file /dev/null --record '\(folder)/run.jsonl' --workers 50")
        let session = try TmuxSession(width: 120, height: 30, script: script)
        let screen = try await session.waitFor(text: "recording stopped ")
        #expect(screen.split(separator: "\n").first?.contains(": File too large") == true, "\(screen)")
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 1 && report.icanon && report.echo)
        let after = session.capture().split(separator: "\n").joined()
        #expect(after.contains("asyncdemo-tui: the recording '\(folder)/run.jsonl' stopped at "), "\(after)")
        #expect(after.contains(": File too large; it keeps events 1 to ") && after.contains("whole lines only"), "\(after)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/run.jsonl"))
        #expect(bytes.count <= 16 * 1024 && bytes.last == UInt8(ascii: "\n"))
    }
}
