import AsyncDemoCore
import ConcurrencyProbe

/// Work a request hands to the background worker.
struct Job: Sendable {
    let submitted: ContinuousClock.Instant
}

/// The jobs queue, probed or not: both are the core's `BoundedQueue` (FIFO, back-pressure);
/// the probed one also records each item in and out with the depth.
protocol JobQueue: Sendable {
    func send(_ job: Job) async throws
    func receive() async throws -> Job?
    func close()
}

extension ProbeQueue: JobQueue where Element == Job {}
extension BoundedQueue: JobQueue where Element == Job {}
