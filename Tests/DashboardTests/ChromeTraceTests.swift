import AsyncDemoCore
import Foundation
import Simulation
import Testing

/// The trace of a recorded run, checked as a trace viewer reads it: the structure Perfetto and
/// chrome://tracing need, and the spans against the run's own events.
@Suite("Chrome trace of a recording")
struct ChromeTraceTests {
    struct Track: Hashable {
        let pid: Int
        let tid: Int
    }

    /// A recorded run with failures (so failed and cancelled endings show) and jobs (whose audit
    /// children give the flows), read back, and its trace.
    static func tracedRun() async throws -> (recording: Recording, events: [[String: Any]]) {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        var settings = ScenarioSettings()
        settings.failurePercent = 30
        _ = try await recordedRun(settings: settings, after: .seconds(20), keys: "sss<Wait:5>ss<Wait:10>", to: path)
        let recording = try RecordingReader.read(path: path)
        let json = try JSONSerialization.jsonObject(with: Data(ChromeTrace.json(of: recording).utf8))
        let object = try #require(json as? [String: Any])
        return (recording, try #require(object["traceEvents"] as? [[String: Any]]))
    }

    @Test func every_event_has_a_phase_a_time_a_process_and_a_thread_and_times_never_go_back_on_a_track() async throws {
        let (_, events) = try await Self.tracedRun()
        #expect(events.count > 500)
        var latest: [Track: Double] = [:]
        for event in events {
            let phase = try #require(event["ph"] as? String, "\(event)")
            let ts = try #require(event["ts"] as? Double, "\(event)")
            let track = Track(pid: try #require(event["pid"] as? Int, "\(event)"), tid: try #require(event["tid"] as? Int, "\(event)"))
            #expect(["X", "i", "s", "f", "C", "M"].contains(phase), "\(event)")
            #expect(ts >= (latest[track] ?? 0), "\(event)")
            latest[track] = ts
        }
    }

    @Test func slices_on_a_track_never_overlap_and_add_up_to_the_tasks_life() async throws {
        let (recording, events) = try await Self.tracedRun()
        var slices: [Int: [(start: Double, duration: Double)]] = [:]
        for event in events where event["ph"] as? String == "X" {
            let duration = try #require(event["dur"] as? Double)
            #expect(duration > 0)
            slices[event["tid"] as? Int ?? -1, default: []].append((event["ts"] as? Double ?? 0, duration))
        }
        // Each task's life, from the events themselves: spawn to end, or to the recording's last instant.
        var spawned: [UInt64: Int64] = [:], ended: [UInt64: Int64] = [:]
        for event in recording.events {
            switch event.kind {
            case .taskSpawned(let task, _, _, _): spawned[task.rawValue] = event.at.nanoseconds
            case .taskFinished(let task, _): ended[task.rawValue] = event.at.nanoseconds
            default: break
            }
        }
        let end = try #require(recording.events.last).at.nanoseconds
        #expect(ended.count > 3, "the run ends some tasks")
        #expect(Set(slices.keys) == Set(spawned.filter { (ended[$0.key] ?? end) > $0.value }.keys.map { Int($0) }))
        for (tid, track) in slices {
            let ordered = track.sorted { $0.start < $1.start }
            for (before, after) in zip(ordered, ordered.dropFirst()) {
                #expect(before.start + before.duration <= after.start + 0.0005, "track \(tid): \(before) overlaps \(after)")
            }
            let task = UInt64(tid)
            let life = Double((ended[task] ?? end) - (spawned[task] ?? 0)) / 1000
            let total = track.reduce(0) { $0 + $1.duration }
            #expect(abs(total - life) < 0.001 * Double(track.count + 1), "task \(tid): slices \(total) µs, life \(life) µs")
        }
    }

    @Test func counters_are_numbers_and_every_flow_has_both_ends() async throws {
        let (recording, events) = try await Self.tracedRun()
        let counters = events.filter { $0["ph"] as? String == "C" }
        #expect(Set(counters.compactMap { $0["name"] as? String }) == ["permits", "queue"])
        for counter in counters {
            let args = try #require(counter["args"] as? [String: Any])
            #expect(!args.isEmpty && args.values.allSatisfy { $0 is Int || $0 is Double }, "\(counter)")
        }
        var starts: [Int: Int] = [:], finishes: [Int: Int] = [:]
        for event in events {
            guard let phase = event["ph"] as? String, phase == "s" || phase == "f" else { continue }
            let id = try #require(event["id"] as? Int)
            if phase == "s" { starts[id, default: 0] += 1 } else { finishes[id, default: 0] += 1 }
        }
        let children = recording.events.filter { if case .taskSpawned(_, _, _, .some) = $0.kind { true } else { false } }
        #expect(!starts.isEmpty && starts.count == children.count)
        #expect(starts == finishes && starts.values.allSatisfy { $0 == 1 })
    }

    @Test func processes_are_the_task_kinds_and_threads_the_tasks_by_name() async throws {
        let (recording, events) = try await Self.tracedRun()
        let metadata = events.filter { $0["ph"] as? String == "M" }
        let processes = metadata.filter { $0["name"] as? String == "process_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(processes == ["simulation", "worker", "producer", "consumer"] || Set(processes).isSuperset(of: ["worker", "producer", "consumer"]))
        let threads = metadata.filter { $0["name"] as? String == "thread_name" }
        let spawns = recording.events.filter { if case .taskSpawned = $0.kind { true } else { false } }
        #expect(threads.count == spawns.count)
        let names = Set(events.filter { $0["ph"] as? String == "X" }.compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: ["running", "waiting for a permit"]), "\(names)")
        #expect(names.isSubset(of: Set(LaneActivity.allCases.map(\.description))), "\(names)")
    }
}
