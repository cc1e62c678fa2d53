import AsyncDemoCore
import Foundation
import Simulation
import Testing
import TestSupport

/// `--record FILE` while attached: the probe's stream, written as it is read, is a recording
/// that `replay` (here its headless `snapshot --replay`) and `trace` read as they are.
@Suite("Recording an attached program", .serialized, .timeLimit(.minutes(3)))
struct AttachRecordingTests {
    @Test func test_snapshot_attach_record_writes_a_recording_that_replay_and_trace_read() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let recordingPath = scratch.path + "/attached.jsonl"
        let tracePath = scratch.path + "/attached.json"
        let (pid, outcome) = try await ProbeSample.with(socketFolder: scratch.path + "/probes", scratch: scratch) { sample in
            let outcome = try await runDashboard(
                ["snapshot", "--attach", sample.socketPath, "--after", "2", "--record", recordingPath, "--no-color",
                 "-o", scratch.path + "/screen.txt"], scratch: scratch)
            return (sample.process.pid, outcome)
        }
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")

        let recording = try RecordingReader.read(path: recordingPath)
        #expect(recording.header.program == "probe-sample")
        #expect(recording.header.pid == pid)
        #expect(recording.stop == nil, "\(recording.stop ?? "")")
        #expect(recording.events.first?.sequence == 1, "the stream numbers its events from the attach")
        let spawned = Set(recording.events.compactMap { event -> String? in
            if case .taskSpawned(_, let name, _, _) = event.kind { return name }
            return nil
        })
        for name in ["worker-1", "waiter"] { #expect(spawned.contains(name), "\(name) in \(spawned.sorted())") }
        #expect(recording.events.contains { $0.resource == "db" }, "the semaphore's events are recorded")
        let screen = try String(contentsOfFile: scratch.path + "/screen.txt", encoding: .utf8)
        #expect(screen.contains("worker-1"), "the snapshot saw what the file holds")

        let replayed = try await runDashboard(["snapshot", "--replay", recordingPath, "--after", "1", "--size", "160x50", "--no-color",
                                               "-o", scratch.path + "/replayed.txt"], scratch: scratch)
        #expect(replayed.status == 0, "\(replayed.errors)")
        let replayScreen = try String(contentsOfFile: scratch.path + "/replayed.txt", encoding: .utf8)
        #expect(replayScreen.contains("REPLAY") && replayScreen.contains("worker-1"), "\(replayScreen)")

        let traced = try await runDashboard(["trace", recordingPath, "-o", tracePath], scratch: scratch)
        #expect(traced.status == 0, "\(traced.errors)")
        let trace = try String(contentsOfFile: tracePath, encoding: .utf8)
        #expect(trace.contains("\"traceEvents\"") && trace.contains("worker-1"))
    }

    @Test func test_an_unwritable_record_path_is_refused_in_one_line_before_attaching() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let path = scratch.path + "/no-such-folder/attached.jsonl"
        let outcomes = try await ProbeSample.with(socketFolder: scratch.path + "/probes", scratch: scratch) { sample in
            [try await runDashboard(["attach", sample.socketPath, "--record", path], environment: ["TERM=xterm"], scratch: scratch),
             try await runDashboard(["snapshot", "--attach", sample.socketPath, "--record", path, "-o", "-"], scratch: scratch)]
        }
        for (outcome, command) in zip(outcomes, ["attach", "snapshot"]) {
            #expect(outcome.status == 1)
            #expect(outcome.errors == "asyncdemo-tui \(command): cannot create the recording '\(path)': No such file or directory\n")
        }
    }
}
