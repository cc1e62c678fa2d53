#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Dashboard
import TerminalKit

/// One screen size of the render workload: its model, the previous frame to diff against, and
/// what every frame took.
struct TimedScreen {
    var model: DashboardModel
    /// Names its figures: the size, and what else sets it apart from another screen that size.
    var label: String?
    var previous: ScreenBuffer?
    var wallMilliseconds: [Double] = []
    var cpuMilliseconds: [Double] = []
    /// Cells the diffs would have sent: shows the frames really differ.
    var cellsSent = 0

    /// Times update + render + diff, as the render loop runs them.
    mutating func timeFrame(update: (inout DashboardModel) -> Void) {
        let started = ContinuousClock.now
        let cpuStarted = threadCPUMilliseconds()
        update(&model)
        let screen = DashboardView.render(model, theme: .color)
        let runs = BufferDiff.runs(from: previous, to: screen)
        cpuMilliseconds.append(threadCPUMilliseconds() - cpuStarted)
        let taken = started.duration(to: .now)
        wallMilliseconds.append(Double(taken.components.seconds) * 1e3 + Double(taken.components.attoseconds) / 1e15)
        previous = screen
        cellsSent += runs.reduce(0) { $0 + $1.cells.count }
    }

    func summary(target: Double) -> [String: Double] {
        let name = label ?? "\(model.size.width)x\(model.size.height)"
        let wall = wallMilliseconds.sorted()
        let cpu = cpuMilliseconds.sorted()
        func p99(_ sorted: [Double]) -> Double { sorted[sorted.count * 99 / 100] }
        return [
            "p50_ms_\(name)": wall[wall.count / 2],
            "p99_ms_\(name)": p99(wall),
            "max_ms_\(name)": wall.last ?? 0,
            // Below 1 meets the target.
            "p99_vs_target_\(name)": p99(wall) / target,
            "cpu_p50_ms_\(name)": cpu[cpu.count / 2],
            "cpu_p99_ms_\(name)": p99(cpu),
            "cells_sent_per_frame_\(name)": Double(cellsSent) / Double(max(1, wall.count)),
        ]
    }

    /// CPU time of the calling thread. Unlike the wall clock it leaves out the time the thread
    /// was preempted, so it still says what a frame costs when other work shares the cores.
    private func threadCPUMilliseconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1e3 + Double(now.tv_nsec) / 1e6
    }
}
