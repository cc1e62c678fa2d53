import AsyncDemoCore
import Dashboard
import Simulation
import Foundation

/// The event log: what one append costs (a task state change and a log line, each stamped by a
/// simulation clock as in the app), and how many events the default scenario logs in one
/// simulated hour, with the size of their JSON encoding. ops = events appended in the timed loop.
enum EventLogWorkload {
    static let appends = 2_000_000

    static func run() async throws -> BenchResult {
        let executor = SimulationExecutor(pacing: .realTime(speed: 1, paused: true))
        defer { executor.stop() }
        let clock = SimulationClock(executor: executor)
        let log = EventLog { clock.now }
        let task = TaskID(rawValue: 7)
        let stateStarted = ContinuousClock.now
        for index in 0..<appends / 2 {
            log.append(.taskStateChanged(task: task, state: index & 1 == 0 ? .running : .waiting(.semaphore)))
        }
        let stateSeconds = seconds(since: stateStarted)
        let lineStarted = ContinuousClock.now
        for _ in 0..<appends / 2 {
            log.append(.logLine(level: "info", message: "permit granted to w3 (#3) after 0.40 s"))
        }
        let lineSeconds = seconds(since: lineStarted)
        let hour = await oneSimulatedHour()
        return BenchResult(
            workload: "eventlog", ops: appends, seconds: stateSeconds + lineSeconds,
            extra: [
                "ns_per_state_change": stateSeconds * 1e9 / Double(appends / 2),
                "ns_per_log_line": lineSeconds * 1e9 / Double(appends / 2),
                "target_ns_per_event": 100,
                "hour_events": Double(hour.events),
                "hour_events_per_simulated_second": Double(hour.events) / 3600,
                "hour_json_bytes_per_event": hour.bytesPerEvent,
                "hour_json_megabytes": hour.bytesPerEvent * Double(hour.events) / 1e6,
                "hour_dropped_events": Double(hour.dropped),
                "hour_wall_seconds": hour.wallSeconds,
            ])
    }

    /// The default scenario stepped through an hour of simulated time, as `snapshot` steps it.
    private static func oneSimulatedHour() async -> (events: UInt64, dropped: UInt64, bytesPerEvent: Double, wallSeconds: Double) {
        let started = ContinuousClock.now
        let scenario = await SimulatedHour.ofTheDefaultScenario()
        let contents = scenario.events.contents()
        let sample = contents.events.suffix(10_000)
        let bytes = (try? JSONEncoder().encode(Array(sample)).count) ?? 0
        await scenario.stop()
        return (scenario.events.sequence, contents.dropped, Double(bytes) / Double(max(1, sample.count)),
                seconds(since: started))
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: .now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}
