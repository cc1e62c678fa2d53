import AsyncAlgorithms
import AsyncDemoCore

/// 1 producer sends 1,000,000 Ints through a queue of capacity 64 to 4 consumers. ops = items
/// received. `runAsyncChannel` is the same shape on swift-async-algorithms' AsyncChannel
/// (unbuffered: it has no capacity), the reference the queue is compared with.
enum QueueWorkload {
    static let items = 1_000_000
    static let capacity = 64
    static let consumers = 4

    static func run() async throws -> BenchResult {
        let queue = BoundedQueue<Int>(capacity: capacity)
        var received = 0
        let (seconds, cpuSeconds) = try await measureWithCPU {
            received = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<consumers {
                    group.addTask {
                        var count = 0
                        for await _ in queue { count += 1 }
                        return count
                    }
                }
                for item in 0..<items { try await queue.send(item) }
                queue.close()
                return try await group.reduce(0, +)
            }
        }
        precondition(received == items, "queue workload lost items")
        return BenchResult(
            workload: "queue", ops: received, seconds: seconds,
            extra: ["high_water": Double(queue.snapshot().highWater), "cpu_seconds": cpuSeconds])
    }

    static func runAsyncChannel() async throws -> BenchResult {
        let channel = AsyncChannel<Int>()
        var received = 0
        let (seconds, cpuSeconds) = await measureWithCPU {
            received = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<consumers {
                    group.addTask {
                        var count = 0
                        for await _ in channel { count += 1 }
                        return count
                    }
                }
                for item in 0..<items { await channel.send(item) }
                channel.finish()
                return await group.reduce(0, +)
            }
        }
        precondition(received == items, "AsyncChannel workload lost items")
        return BenchResult(
            workload: "queue-asyncchannel", ops: received, seconds: seconds, extra: ["cpu_seconds": cpuSeconds])
    }
}
