import Foundation
import Testing

/// The activity log on a full disk, in a real terminal: a file size limit (`ulimit -f`, set in
/// the pane's shell only) fails the log's writes as a full filesystem would (EFBIG for ENOSPC).
@Suite("Activity log on a full disk, end to end", .serialized)
struct ActivityLogFullDiskEndToEndTests {
    @Test func the_log_pane_says_the_log_stopped_and_so_does_the_exit() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adt-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "ulimit -f 4; " + TmuxSession.wrapped("--log-file '\(folder)/activity.log' --workers 50")
        let session = try TmuxSession(width: 120, height: 30, script: script)
        let screen = try await session.waitFor(text: "writing stopped at ")
        #expect(screen.contains(": File too large"), "\(screen)")
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0)
        let after = session.capture().split(separator: "\n").joined()
        #expect(after.contains("asyncdemo-tui: the activity log '\(folder)/activity.log' stopped at "), "\(after)")
        #expect(after.contains(": File too large; ") && after.contains(" not written"), "\(after)")
    }
}
