import AsyncDemoCore
import Dashboard
import Foundation
import Simulation
import TerminalKit
import Testing

/// A temporary folder for one test, removed with everything in it.
final class RecordingFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("adt-rec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// A stepped run of the default scenario recorded as `snapshot --record` records it: the
/// recording catches up after every tick and ends at the rendered instant.
func recordedRun(settings: ScenarioSettings = ScenarioSettings(), after: Duration, keys: String = "", to path: String)
    async throws -> (outcome: HeadlessRun.Outcome, summary: RecordingSummary) {
    let writer = try RecordingWriter(path: path, header: RecordingHeader(programVersion: AppInfo.version, settings: settings))
    let outcome = await HeadlessRun.run(settings: settings, after: after, keys: HeadlessRun.parseKeys(keys) ?? [], size: Size(width: 100, height: 30),
                                        theme: .monochrome, log: .activity, eachTick: { log in writer.catchUp(log) })
    let summary = await writer.finish(through: outcome.events.events.last?.sequence ?? 0)
    return (outcome, summary)
}

@Suite("Recording a run")
struct RecordingTests {
    @Test func a_recorded_snapshot_run_reads_back_as_exactly_the_runs_events() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        var settings = ScenarioSettings()
        settings.seed = 7
        let (outcome, summary) = try await recordedRun(settings: settings, after: .seconds(20), to: path)
        #expect(outcome.events.dropped == 0)
        let recording = try RecordingReader.read(path: path)
        #expect(recording.header == RecordingHeader(programVersion: AppInfo.version, settings: settings))
        #expect(recording.header.settings == settings)
        #expect(recording.events.count > 100)
        #expect(recording.events == outcome.events.events)
        #expect(recording.stop == nil && recording.gaps.isEmpty && recording.skippedLines == 0)
        #expect(summary.path == path && summary.events == recording.events.count && summary.droppedEvents == 0)
        #expect(summary.failure == nil && summary.afterExitNote == nil)
    }

    @Test func the_same_seed_records_the_same_bytes() async throws {
        let folder = try RecordingFolder()
        _ = try await recordedRun(after: .seconds(5), to: folder.file("a.jsonl"))
        _ = try await recordedRun(after: .seconds(5), to: folder.file("b.jsonl"))
        let first = try Data(contentsOf: URL(fileURLWithPath: folder.file("a.jsonl")))
        let second = try Data(contentsOf: URL(fileURLWithPath: folder.file("b.jsonl")))
        #expect(!first.isEmpty && first == second)
        let a = String(decoding: first, as: UTF8.self).split(separator: "\n"), b = String(decoding: second, as: UTF8.self).split(separator: "\n")
        if let index = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) { Issue.record("\(a[index])\n\(b[index])") }
    }

    @Test func events_the_log_dropped_before_the_recording_read_them_are_a_gap_the_reader_reports() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("gap.jsonl")
        let log = EventLog(capacity: 4) { .start }
        let writer = try RecordingWriter(path: path, header: RecordingHeader(programVersion: "test", settings: ScenarioSettings()))
        log.append(.permitsResized(permits: 1))
        await writer.catchUpAndWait(log)
        for permits in 2...11 { log.append(.permitsResized(permits: permits)) }
        let summary = await writer.finish()
        #expect(summary.droppedEvents == 6 && summary.events == 5)
        let recording = try RecordingReader.read(path: path)
        #expect(recording.events.map(\.sequence) == [1, 8, 9, 10, 11])
        #expect(recording.gaps == [Recording.Gap(after: 1, next: 8)])
        #expect(recording.gapNote == "6 events were dropped while recording (events 2 to 7 are missing)")
        #expect(recording.stop == nil)
    }

    @Test func a_restarted_run_ends_the_recording_with_what_the_first_run_logged() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("restart.jsonl")
        let first = EventLog { .start }, second = EventLog { .start }
        let writer = try RecordingWriter(path: path, header: RecordingHeader(programVersion: "test", settings: ScenarioSettings()))
        first.append(.permitsResized(permits: 1))
        await writer.catchUpAndWait(first)
        first.append(.permitsResized(permits: 2))
        second.append(.permitsResized(permits: 9))
        var failures = writer.failures.makeAsyncIterator()
        writer.catchUp(second)
        let failure = await failures.next()
        #expect(failure?.reason == "the run was restarted" && failure?.lastRecorded == 2 && failure?.isRestart == true)
        let summary = await writer.finish()
        #expect(summary.events == 2 && summary.failure == failure)
        let kinds = try RecordingReader.read(path: path).events.map(\.kind)
        #expect(kinds == [.permitsResized(permits: 1), .permitsResized(permits: 2)])
    }

    @Test func a_file_that_cannot_be_created_or_written_is_refused_in_one_line() throws {
        let folder = try RecordingFolder()
        let header = RecordingHeader(programVersion: "test", settings: ScenarioSettings())
        let cases = [
            (folder.file("no/such/folder/run.jsonl"), "cannot create the recording '\(folder.path)/no/such/folder/run.jsonl': No such file or directory"),
            (folder.path, "cannot create the recording '\(folder.path)': Is a directory"),
            // A full disk at the first write: /dev/full fails every write with ENOSPC.
            ("/dev/full", "cannot write the recording '/dev/full': No space left on device"),
        ]
        for (path, line) in cases {
            #expect(throws: RecordingRefusal(line)) { _ = try RecordingWriter(path: path, header: header) }
        }
    }
}
