#if canImport(Glibc)
    import Glibc
#endif

extension BenchResult {
    /// One JSON object on one line; keys are stable for `Benchmarks/compare`.
    func json(peakRSS: Int) -> String {
        var fields = [
            "\"workload\":\"\(workload)\"",
            "\"ops\":\(ops)",
            "\"ops_per_sec\":\(opsPerSecond)",
            "\"seconds\":\(seconds)",
            "\"peak_rss_bytes\":\(peakRSS)",
        ]
        if let executor { fields.append("\"executor\":\"\(executor)\"") }
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) {
            fields.append("\"\(key)\":\(value.isFinite ? "\(value)" : "null")")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    func text(peakRSS: Int) -> String {
        let on = executor.map { " on \($0)" } ?? ""
        var line = "\(workload)\(on): \(ops) ops in \(seconds) s = \(Int(opsPerSecond)) ops/s, "
            + "peak RSS \(peakRSS / (1024 * 1024)) MiB"
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { line += ", \(key) \(value)" }
        return line
    }
}

/// Seconds taken by `body` on the monotonic clock, and this process's CPU seconds (all threads)
/// in the same span: on a busy machine wall time includes waiting for a core, CPU time does not.
func measureWithCPU(_ body: () async throws -> Void) async rethrows -> (seconds: Double, cpuSeconds: Double) {
    let cpuStart = processCPUSeconds()
    let seconds = try await measure(body)
    return (seconds, processCPUSeconds() - cpuStart)
}

private func processCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Seconds taken by `body`, on the monotonic clock.
func measure(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = start.duration(to: .now)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
