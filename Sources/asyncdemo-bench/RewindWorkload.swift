#if canImport(Glibc)
    import Glibc
#endif
import AsyncDemoCore
import Dashboard
import Simulation
import TerminalKit

/// Rewinding: one simulated hour of the default scenario, then frames at past instants folded
/// from its event log through the checkpoints and drawn at 120x36, as `,` `;` show them. Seeks
/// go to seeded random instants of the hour; steps go back 100 ms at a time from its end.
/// ops = seeks and steps; the figures are milliseconds per frame shown, fold and draw: wall
/// time, and the thread's CPU time (`_cpu_`), which a loaded machine disturbs less.
enum RewindWorkload {
    static let seeks = 200
    static let steps = 200

    static func run() async throws -> BenchResult {
        let scenario = await SimulatedHour.ofTheDefaultScenario()
        let end = scenario.time.now()
        await scenario.stop()
        let log = scenario.events
        var replay = scenario.replayFromStart()
        // The first rewind folds the whole log once, leaving a checkpoint every 2,048 events.
        let catchUp = try measure { _ = try replay.frame(at: end, in: log) }

        var random = SeededRandom(seed: 14)
        var seekTimes: [Double] = [], seekCPU: [Double] = []
        for _ in 0..<seeks {
            let instant = SimulationInstant(sinceStart: .milliseconds(Int64(random.next() % 3_600_000)))
            let cpuBefore = threadCPUMilliseconds()
            seekTimes.append(try measure { try show(replay.frame(at: instant, in: log)) })
            seekCPU.append(threadCPUMilliseconds() - cpuBefore)
        }
        var stepTimes: [Double] = [], stepCPU: [Double] = []
        var instant = end
        for _ in 0..<steps {
            instant = instant.advanced(by: .zero - DashboardModel.rewindStep)
            let cpuBefore = threadCPUMilliseconds()
            stepTimes.append(try measure { try show(replay.frame(at: instant, in: log)) })
            stepCPU.append(threadCPUMilliseconds() - cpuBefore)
        }
        let all = seekTimes + stepTimes
        return BenchResult(
            workload: "rewind", ops: all.count, seconds: all.reduce(0, +) / 1_000,
            extra: [
                "hour_events": Double(log.sequence),
                "checkpoints": Double(replay.checkpointCount),
                "catch_up_ms": catchUp,
                "seek_p50_ms": percentile(seekTimes, 0.5), "seek_p99_ms": percentile(seekTimes, 0.99),
                "seek_max_ms": seekTimes.max() ?? 0, "target_seek_ms": 200,
                "step_back_p50_ms": percentile(stepTimes, 0.5), "step_back_p99_ms": percentile(stepTimes, 0.99),
                "step_back_max_ms": stepTimes.max() ?? 0, "target_step_back_ms": 16,
                "seek_cpu_p50_ms": percentile(seekCPU, 0.5), "seek_cpu_p99_ms": percentile(seekCPU, 0.99),
                "step_back_cpu_p50_ms": percentile(stepCPU, 0.5), "step_back_cpu_p99_ms": percentile(stepCPU, 0.99),
            ])
    }

    /// What the dashboard does with a past frame: takes it into a model and draws the screen.
    private static func show(_ frame: SimulationFrame) {
        var model = DashboardModel(size: Size(width: 120, height: 36))
        _ = model.update(.frame(frame))
        _ = DashboardView.render(model, theme: .monochrome)
    }

    private static func measure(_ body: () throws -> Void) rethrows -> Double {
        let started = ContinuousClock.now
        try body()
        let elapsed = started.duration(to: .now).components
        return Double(elapsed.seconds) * 1_000 + Double(elapsed.attoseconds) / 1e15
    }

    private static func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1_000 + Double(time.tv_nsec) / 1e6
    }

    private static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
    }
}
