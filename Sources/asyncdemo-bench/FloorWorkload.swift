import Synchronization

/// The semaphore workload without the semaphore: the same 100,000 tasks created at once in a
/// discarding group, each only `Task.yield()`s. No semaphore can beat this; it is the ceiling
/// `Benchmarks/compare` prints next to the semaphore ratio. ops = tasks run.
enum FloorWorkload {
    static func run() async throws -> BenchResult {
        let ran = RunCounter()
        let (seconds, cpuSeconds) = await measureWithCPU {
            await withDiscardingTaskGroup { group in
                for _ in 0..<SemaphoreWorkload.tasks {
                    group.addTask {
                        ran.count.add(1, ordering: .relaxed)
                        await Task.yield()
                    }
                }
            }
        }
        return BenchResult(
            workload: "semaphore-floor", ops: ran.count.load(ordering: .relaxed), seconds: seconds,
            extra: ["cpu_seconds": cpuSeconds])
    }
}

private final class RunCounter: Sendable {
    let count = Atomic<Int>(0)
}
