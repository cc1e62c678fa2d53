import AsyncDemoCore

/// 100,000 live tasks registered on a board; then, repeatedly, one task changes state and a
/// snapshot is taken while the previous one is still held (as the dashboard holds the frame it
/// is drawing). ops = snapshots per second; p50/p99 are per round (two transitions and one
/// snapshot, actor hops included), in milliseconds.
enum TaskBoardWorkload {
    static let liveTasks = 100_000
    static let rounds = 2000

    static func run() async throws -> BenchResult {
        let board = TaskBoard()
        for index in 0..<liveTasks {
            let id = await board.register(name: "worker \(index)", kind: .worker)
            await board.transition(id, to: .running)
        }
        var held = await board.snapshot()
        var roundMilliseconds: [Double] = []
        roundMilliseconds.reserveCapacity(rounds)
        let seconds = await measure {
            for round in 0..<rounds {
                let id = TaskID(rawValue: UInt64(round % liveTasks + 1))
                let roundSeconds = await measure {
                    await board.transition(id, to: .waiting(.semaphore))
                    await board.transition(id, to: .running)
                    held = await board.snapshot()
                }
                roundMilliseconds.append(roundSeconds * 1000)
            }
        }
        precondition(held.liveCount == liveTasks)
        roundMilliseconds.sort()
        return BenchResult(
            workload: "taskboard", ops: rounds, seconds: seconds,
            extra: [
                "live_tasks": Double(liveTasks),
                "p50_ms": roundMilliseconds[rounds / 2],
                "p99_ms": roundMilliseconds[rounds * 99 / 100],
            ])
    }
}
