import Foundation
import Testing
@testable import Dashboard
@testable import Simulation
import Logging
import TerminalKit

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

    /// The pane hears of it at once, and keeps saying it whatever the frames after it bring.
    @Test func the_log_pane_shows_the_writers_failure_and_keeps_showing_it() async throws {
        let (file, folder) = try fullDiskLog()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var model = DashboardModel(size: Size(width: 120, height: 36))
        var activity = LogSnapshot(path: "activity.log")
        activity.status = .following
        activity.lines.append("00:00:01.000 info  before")
        model.log = activity
        file.append("event")
        var failures = file.failures.makeAsyncIterator()
        let failure = try #require(await failures.next())
        _ = model.update(.activityLogStopped(failure.paneStatus))
        let sentence = "writing stopped at \(failure.time): No space left on device"
        #expect(model.log?.status == .problem(sentence))
        #expect(Array(model.log?.lines ?? []) == ["00:00:01.000 info  before"], "the lines stay")
        // A later frame of the simulation's activity (whose own status is "following") does not hide it.
        let scenario = DemoScenario(settings: ScenarioSettings(), log: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                    startPaused: true)
        scenario.start()
        let frame = await scenario.settledFrame()
        await scenario.stop()
        #expect(frame.activity.status == .following)
        _ = model.update(.frame(frame))
        #expect(model.log?.status == .problem(sentence))
        #expect(model.log?.lines.last?.contains("spawned") == true, "the frame's lines are shown")
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
