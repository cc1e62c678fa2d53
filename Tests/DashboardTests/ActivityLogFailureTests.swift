import Foundation
import Testing
@testable import Dashboard

/// The activity log on a full disk: /dev/full fails every write with ENOSPC, as a full
/// filesystem does, without filling one.
@Suite("Activity log on a full disk", .timeLimit(.minutes(1)))
struct ActivityLogFailureTests {
    private func fullDiskLog() throws -> (ActivityLogFile, folder: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("activity-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/activity.log", withDestinationPath: "/dev/full")
        return (try ActivityLogFile(path: folder + "/activity.log"), folder)
    }

    @Test func a_failed_write_stops_the_log_and_says_why_and_what_was_lost() async throws {
        let (file, folder) = try fullDiskLog()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(file.failure == nil)
        for index in 1...5 { file.append("event \(index)") }
        file.flush()
        let failure = try #require(file.failure)
        #expect(failure.reason == "No space left on device")
        #expect(failure.linesNotWritten == 5 && !failure.lastLineCut)
        #expect(failure.afterExitNote.hasPrefix("the activity log '\(folder)/activity.log' stopped at "))
        #expect(failure.afterExitNote.hasSuffix(": No space left on device; 5 lines were not written"))
        var published: [ActivityLogFailure] = []
        for await stopped in file.failures { published.append(stopped) }
        #expect(published.map(\.reason) == ["No space left on device"], "published once, then the stream ends")
    }

    /// The pane hears of it at once, and keeps saying it whatever the follower notices later. The
    /// feed follows a regular file here (following /dev/full would say "not a regular file").
    @Test func the_log_feed_shows_the_writers_failure_in_its_status() async throws {
        let (file, folder) = try fullDiskLog()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let followed = folder + "/followed.log"
        try Data("before\n".utf8).write(to: URL(fileURLWithPath: followed))
        let feed = LogFeed(path: followed, writerFailures: file.failures)
        let following = Task { await feed.run() }
        defer { following.cancel() }
        var statuses = feed.snapshots.map(\.status).makeAsyncIterator()
        file.append("event")
        var status = await statuses.next()
        while let current = status, !Self.isProblem(current) { status = await statuses.next() }
        #expect(status == .problem("writing stopped at \(try #require(file.failure).time): No space left on device"))
        // The follower's own news (here: the file truncated) does not hide it.
        try Data().write(to: URL(fileURLWithPath: followed))
        try Data("after\n".utf8).write(to: URL(fileURLWithPath: followed))
        let later = await statuses.next()
        #expect(later == status)
    }

    private static func isProblem(_ status: LogPaneSnapshot.Status) -> Bool {
        if case .problem = status { true } else { false }
    }

    /// The refusal is printed after the dashboard exits, to the terminal: the path in it is quoted.
    @Test func an_unusable_path_is_quoted_so_its_escapes_stay_inert() {
        do {
            _ = try ActivityLogFile(path: "/proc/no-such\u{1B}]2;PWNED\u{07}/activity.log")
            Issue.record("a folder under /proc was created")
        } catch {
            #expect(error.description.hasPrefix(#"cannot create the folder '/proc/no-such'$'\033'']2;PWNED'$'\a': "#))
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 })
        }
    }

    @Test func a_line_written_in_part_is_reported_cut() {
        let failure = ActivityLogFailure(path: "/l", errorNumber: EFBIG, lastLineCut: true)
        #expect(failure.linesNotWritten == 0)
        #expect(failure.afterExitNote.hasSuffix(": File too large; its last line is cut, and 0 lines were not written"))
    }
}
