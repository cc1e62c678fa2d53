import AsyncDemoCore
import Foundation
@testable import Lessons
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(1))) struct FilesTests {
    @Test func a_file_written_is_read_back_unchanged() async throws {
        let (outcome, _) = try await inVirtualTime(WriteReadAndLog.runWriteRead)
        #expect(outcome.textReadBack == WriteReadAndLog.note)
        #expect(outcome.bytesWritten == WriteReadAndLog.note.utf8.count)
    }

    @Test func log_monitor_sees_every_appended_line_in_order() async throws {
        let (outcome, transcript) = try await inVirtualTime(WriteReadAndLog.runLogMonitor)
        #expect(outcome.linesSeen == WriteReadAndLog.logLines)
        #expect(transcript.contains("8 lines: 2 warnings, 1 error"))
        #expect(outcome.warnings == 2)
        #expect(outcome.errors == 1)
    }

    @Test func the_log_monitor_scene_follows_the_log_and_says_how_many_lines_to_show() async throws {
        let scene = RecordingScene()
        _ = try await inVirtualTime(scene: scene.link, WriteReadAndLog.runLogMonitor)
        guard case .follows(let path)? = scene.marks.first?.kind else {
            Issue.record("the first mark names the file to follow: \(scene.marks)")
            return
        }
        #expect(path.hasSuffix("/server.log"))
        #expect(scene.marks.last?.kind == .stopsFollowing(afterLines: WriteReadAndLog.logLines.count))
    }

    @Test func cancelling_a_run_cancels_the_tasks_its_example_spawned() async throws {
        // On a paused simulation clock, as in a scene: time moves only when stepped here.
        let simulation = SimulationClock(paused: true)
        let transcript = Transcript()
        let ended = Recorded(false)
        let run = Task {
            defer { ended.update { $0 = true } }
            _ = try await LessonRunner.run(on: .simulation(simulation), sink: transcript.sink) {
                try await WriteReadAndLog.runLogMonitor($0)
            }
        }
        for _ in 0..<200 where !transcript.contains("log: INFO server started") {
            simulation.step(by: .milliseconds(100))
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(transcript.contains("log: INFO server started"))
        // The example now awaits its follower and then its writer's value, which does not pass a
        // cancel on by itself. Not stepped any more, a writer left running would sleep forever.
        run.cancel()
        await eventually("the cancelled run ends") { ended.value }
        #expect(!transcript.contains(" lines: "), "the example did not get to sum up")
    }

    @Test func batch_processing_never_exceeds_its_limit_and_reports_progress() async throws {
        let (outcome, _) = try await inVirtualTime { try await BatchFiles.run($0, fileCount: 40, limit: 4) }
        #expect(outcome.processed == 40)
        #expect(outcome.totalWords == (1...40).reduce(0, +))
        #expect(outcome.peakConcurrent == 4)
        #expect(outcome.progressLines.count == 10)
        #expect(outcome.progressLines.last == "[####################] 40/40")
    }

    @Test func progress_bar_fills_in_proportion() {
        #expect(BatchFiles.progressBar(done: 0, total: 40) == "[--------------------] 0/40")
        #expect(BatchFiles.progressBar(done: 10, total: 40) == "[#####---------------] 10/40")
    }

    /// The memory bound itself is checked in a process of its own (DemoCommandTests): here the
    /// other tests running beside it would move this process's RSS.
    @Test func large_file_streams_every_byte_and_reports_rss() async throws {
        // Not a whole number of chunks, so the short last chunk is summed too.
        let settings = LessonSettings(largeFileBytes: 5_000_003)
        let (outcome, transcript) = try await inVirtualTime(settings: settings, LargeFileStream.run)
        #expect(outcome.bytesRead == 5_000_003)
        #expect(outcome.checksum == outcome.expectedChecksum)
        #expect(outcome.baselineResidentBytes > 1_000_000, "RSS was not read")
        #expect(outcome.peakResidentBytes >= outcome.baselineResidentBytes)
        #expect(transcript.contains("5.0/5.0 MB"))
    }

    @Test(arguments: [0, 1, 7, 8, 9, 1000])
    func byte_sum_matches_a_plain_sum(count: Int) {
        let data = Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 200) })
        #expect(LargeFileStream.byteSum(data) == data.reduce(0) { $0 + UInt64($1) })
    }

    @Test func tree_search_finds_exactly_the_planted_matches() async throws {
        let (outcome, _) = try await inVirtualTime { try await TreeSearch.run($0) }
        #expect(!outcome.planted.isEmpty)
        #expect(Set(outcome.found) == outcome.planted)
        #expect(outcome.found.count == outcome.planted.count, "a match reported twice")
        #expect(outcome.filesSearched == 5 * (1 + 3 + 9 + 27))
    }
}
