import AsyncDemoCore
import Foundation
import Logging
import Testing
import TerminalKit
@testable import Dashboard
@testable import Simulation

@Suite("Activity log")
struct ActivityLogTests {
    private func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("activity-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    private func read(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func lines_are_appended_in_order_and_the_folder_is_created() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try ActivityLogFile(path: folder + "/state/asyncdemo-tui/activity.log")
        for index in 1...100 { file.append("event \(index)") }
        file.flush()
        #expect(read(file.path) == (1...100).map { "event \($0)" })
    }

    @Test func the_file_rotates_by_size_and_keeps_only_the_newest_generations() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/activity.log"
        let file = try ActivityLogFile(path: path, maxBytes: 1024, keptFiles: 2)
        let line = String(repeating: "x", count: 99)  // 100 bytes with its newline
        for _ in 0..<45 { file.append(line) }
        file.flush()
        #expect(read(path).count == 5, "45 lines of 100 B in 1 KiB files: 10 + 10 + 10 + 10 + 5")
        #expect(read(path + ".1").count == 10)
        #expect(read(path + ".2").count == 10)
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
    }

    @Test func an_unwritable_location_is_a_sentence_not_a_crash() {
        #expect(throws: ActivityLogError.self) { try ActivityLogFile(path: "/proc/no-such-place/activity.log") }
        do {
            _ = try ActivityLogFile(path: "/proc/no-such-place/activity.log")
        } catch {
            #expect(error.description.hasPrefix("cannot create the folder '/proc/no-such-place': "))
            // The cause as the system says it: Foundation's "The operation could not be completed.
            // The file doesn't exist." left the Log pane's status row at 80 columns without it.
            #expect(error.description == "cannot create the folder '/proc/no-such-place': No such file or directory",
                    "\(error.description)")
        }
    }

    @Test func default_path_follows_xdg_state_home_else_home() {
        #expect(ActivityLogFile.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/asyncdemo-tui/activity.log")
        #expect(ActivityLogFile.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/asyncdemo-tui/activity.log")
        #expect(ActivityLogFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/asyncdemo-tui/activity.log")
    }

    @Test func the_handler_writes_one_timestamped_line_with_level_message_and_sorted_metadata() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try ActivityLogFile(path: folder + "/a.log")
        let moment = Date(timeIntervalSince1970: 1_764_111_601.25)
        var logger = Logger(label: "test") { _ in ActivityLogHandler(file: file, now: { moment }) }
        logger[metadataKey: "run"] = "7"
        logger.info("permit granted", metadata: ["worker": "3"])
        logger.debug("below the level, not written")
        file.flush()
        let lines = read(file.path)
        #expect(lines.count == 1)
        #expect(lines[0].hasSuffix(" info  permit granted run=7 worker=3"))
        #expect(lines[0].range(of: #"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.250 "#, options: .regularExpression) != nil)
    }

    /// `warning` was cut to `warni` in the file, so `grep warning` found nothing.
    @Test func the_level_is_written_whole_so_grep_finds_each_warning() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try ActivityLogFile(path: folder + "/a.log")
        let logger = Logger(label: "test") { _ in ActivityLogHandler(file: file, now: { Date(timeIntervalSince1970: 0) }) }
        logger.warning("replacing failed worker w3")
        logger.error("job 7 failed")
        logger.info("paused")
        file.flush()
        let lines = read(file.path)
        #expect(lines.filter { $0.contains(" warning ") }.count == 1)
        #expect(lines[0].hasSuffix(" warning replacing failed worker w3"))
        #expect(lines[1].hasSuffix(" error job 7 failed"))
        #expect(lines[2].hasSuffix(" info  paused"), "short levels still pad to five columns")
    }

    @Test func lines_are_stamped_with_simulated_time_as_hours_minutes_seconds_and_milliseconds() {
        func stamp(_ duration: Duration) -> String { ActivityLine.stamp(SimulationClock.Instant(sinceStart: duration)) }
        #expect(stamp(.zero) == "00:00:00.000")
        #expect(stamp(.milliseconds(62_345)) == "00:01:02.345")
        #expect(stamp(.seconds(36_000) + .milliseconds(7)) == "10:00:00.007")
        #expect(ActivityLine.text(at: SimulationClock.Instant(sinceStart: .seconds(1)), level: "warning", message: "m")
            == "00:00:01.000 warning m")
    }

    /// Two dashboards at once shared one file: each showed the other's lines and their
    /// rotations broke each other's. Each now takes a name no other running one holds.
    @Test func a_second_log_at_the_same_path_takes_the_next_free_name_until_the_first_ends() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/activity.log"
        var first: ActivityLogFile? = try ActivityLogFile.openUnshared(path: path)
        let second = try ActivityLogFile.openUnshared(path: path)
        let third = try ActivityLogFile.openUnshared(path: path)
        #expect(first?.path == path)
        #expect(second.path == folder + "/activity-2.log")
        #expect(third.path == folder + "/activity-3.log")
        first?.append("from the first")
        second.append("from the second")
        first?.flush()
        second.flush()
        #expect(read(path) == ["from the first"])
        #expect(read(second.path) == ["from the second"])
        first = nil
        let fourth = try ActivityLogFile.openUnshared(path: path)
        #expect(fourth.path == path, "the first one's name is free again once it has ended")
    }

    @Test func the_free_names_keep_the_extension_so_rotated_files_sort_beside_their_log() {
        #expect(ActivityLogFile.candidatePaths(for: "/s/activity.log").prefix(3) == ["/s/activity.log", "/s/activity-2.log", "/s/activity-3.log"])
        #expect(ActivityLogFile.candidatePaths(for: "/s/log").dropFirst().first == "/s/log-2")
        #expect(ActivityLogFile.candidatePaths(for: "/s/activity.log").count == 9)
    }

    @Test func a_log_that_cannot_be_opened_says_so_in_the_pane_from_the_first_frame() async throws {
        let failure = ActivityLogFailure(notOpened: "/proc/x/activity.log", reason: "cannot create the folder '/proc/x': denied")
        #expect(failure.paneStatus == "no activity log: cannot create the folder '/proc/x': denied")
        #expect(failure.afterExitNote == "no activity log: cannot create the folder '/proc/x': denied")
        var published: [ActivityLogFailure] = []
        for await one in failure.asStream { published.append(one) }
        #expect(published == [failure])
        var model = DashboardModel(size: Size(width: 120, height: 36))
        var activity = LogSnapshot(path: "activity")
        activity.status = .following
        model.receive(activity)
        _ = model.update(.activityLogStopped(failure.paneStatus))
        let status = DashboardView.render(model, theme: .color).textLines()[2]
        #expect(status.contains("no activity log: cannot create the folder"), "\(status)")
    }

    @Test func a_device_is_written_as_it_is_without_a_lock_file_beside_it() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/null.log", withDestinationPath: "/dev/null")
        let first = try ActivityLogFile.openUnshared(path: folder + "/null.log")
        let second = try ActivityLogFile.openUnshared(path: folder + "/null.log")
        #expect(first.path == folder + "/null.log" && second.path == first.path)
        #expect(!FileManager.default.fileExists(atPath: folder + "/null.log.lock"))
    }
}
