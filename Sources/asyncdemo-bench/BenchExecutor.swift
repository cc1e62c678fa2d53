/// Where a workload's tasks run, chosen with `--executor`.
enum BenchExecutor: String, CaseIterable, Sendable {
    /// Swift's global concurrent pool: what a program that sets no preference gets.
    case global
    /// One dedicated thread (`OneThreadExecutor`), as asyncio's event loop is.
    case oneThread = "one-thread"

    /// Runs `workload` with this executor as its task executor preference and says which one
    /// in the result.
    func run(_ workload: @Sendable () async throws -> BenchResult) async throws -> BenchResult {
        var result: BenchResult
        switch self {
        case .global:
            result = try await workload()
        case .oneThread:
            let executor = OneThreadExecutor(name: "asyncdemo-bench one-thread")
            defer { executor.stop() }
            result = try await withTaskExecutorPreference(executor) { try await workload() }
        }
        result.executor = rawValue
        return result
    }
}
