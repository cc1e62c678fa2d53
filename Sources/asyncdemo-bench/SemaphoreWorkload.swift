import AsyncDemoCore

/// 100,000 tasks created at once contend for 8 permits; each acquires, yields, releases.
/// Mirrors the asyncio.Semaphore script in Benchmarks/compare. ops = acquires.
enum SemaphoreWorkload {
    static let tasks = 100_000
    static let permits = 8

    static func run() async throws -> BenchResult {
        let semaphore = AsyncSemaphore(permits: permits)
        let (seconds, cpuSeconds) = await measureWithCPU {
            await withDiscardingTaskGroup { group in
                for _ in 0..<tasks {
                    group.addTask {
                        do {
                            try await semaphore.acquire()
                        } catch {
                            return
                        }
                        await Task.yield()
                        semaphore.release()
                    }
                }
            }
        }
        let snapshot = semaphore.snapshot()
        precondition(snapshot.totalGrants == tasks && snapshot.held == 0, "semaphore workload lost a permit")
        return BenchResult(
            workload: "semaphore", ops: snapshot.totalGrants, seconds: seconds,
            extra: ["peak_held": Double(snapshot.peakHeld), "cpu_seconds": cpuSeconds])
    }
}
