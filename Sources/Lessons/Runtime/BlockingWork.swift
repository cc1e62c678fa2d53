import AsyncDemoCore
import Dispatch

/// Runs blocking calls (file reads and writes, /proc) on Dispatch threads, never on the
/// cooperative pool: a task that blocks there starves every other task.
///
/// On a simulation's executor the work goes through `SimulationExecutor.runBlocking`, which holds
/// simulated time still while the file is read and hands the results back in a fixed order, so
/// time never runs ahead of the files and a seed gives the same run however slow the disk.
public struct BlockingWork: Sendable {
    /// Concurrent: the batch and search examples keep several files in flight at once.
    private static let queue = DispatchQueue(label: "Lessons blocking work", attributes: .concurrent)

    let simulation: SimulationExecutor?

    /// Runs `work` on a Dispatch thread and suspends the calling task until it returns; in a
    /// scene, the named task it runs in shows as suspended for i/o meanwhile.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        guard let tracked = TrackedLessonTask.current else { return try await runUntracked(work) }
        return try await tracked.reporting(.suspended(.io)) { try await runUntracked(work) }
    }

    private func runUntracked<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        if let simulation { return try await simulation.runBlocking(work) }
        return try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
