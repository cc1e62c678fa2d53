/// What one workload measured; `main` adds peak RSS and prints it (text or one JSON object).
struct BenchResult: Sendable {
    var workload: String
    /// Operations completed (acquires, items received, snapshots built, lines delivered...).
    var ops: Int
    var seconds: Double
    /// The `--executor` it ran on, for the workloads that take one.
    var executor: String?
    /// Workload-specific figures, printed alongside (e.g. "p99_ms").
    var extra: [String: Double] = [:]

    var opsPerSecond: Double { seconds > 0 ? Double(ops) / seconds : 0 }
}
