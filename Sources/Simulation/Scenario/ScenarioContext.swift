import AsyncDemoCore
import Logging

/// What every scenario task shares: the simulation clock, the primitives, the board, the
/// activity log and the seeded chance.
struct ScenarioContext: Sendable {
    let time: SimulationTime
    let board: TaskBoard
    let semaphore: AsyncSemaphore
    let queue: BoundedQueue<Int>
    let log: Logger
    /// Where the simulation's changes are told, in the order they happen.
    let events: EventLog
    let random: ScenarioRandom
    /// Percent of jobs whose work fails.
    let failurePercent: Int

    var clock: SimulationClock { time.clock }

    /// Spawns a task on the board, logs the spawn and how the task ends (cancellations and errors
    /// are what the activity log is for), then tells `onEnd`.
    @discardableResult
    func spawn(
        _ name: String, kind: TaskKind, parent: TaskID? = nil,
        onEnd: @escaping @Sendable (TaskID, TaskState) async -> Void = { _, _ in },
        body: @escaping @Sendable (TaskHandle) async throws -> Void
    ) async -> TaskID {
        let log = log
        let id = await board.spawn(
            name: name, kind: kind, parent: parent,
            onFinish: { id, state in
                switch state {
                case .cancelled: log.info("cancelled \(name) (#\(id.rawValue))")
                case .failed(let message): log.error("\(name) (#\(id.rawValue)) failed: \(message)")
                default: break
                }
                await onEnd(id, state)
            },
            operation: body)
        var metadata: Logger.Metadata = ["kind": "\(kind)"]
        if let parent { metadata["parent"] = "#\(parent.rawValue)" }
        log.info("spawned \(name) (#\(id.rawValue))", metadata: metadata)
        return id
    }
}

/// A simulated failure: the error the scenario's jobs throw now and then, so failures show.
struct SimulatedFailure: Error, CustomStringConvertible {
    var description: String { "simulated I/O error" }
}
