import AsyncDemoCore
import ConcurrencyProbe
import Logging

/// What the endpoints share: the database's 8 permits, the jobs queue (64) and its worker.
/// Probed, they are the probe's named primitives and the worker a tracked task the dashboard
/// may cancel; plain, the same core primitives and a plain task.
struct ServerResources: Sendable {
    static let databasePermits = 8
    static let jobsCapacity = 64
    /// The slow "database" call of the `/db` endpoint.
    static let queryTime: Duration = .milliseconds(3)
    /// What the worker does with each job, holding a database permit.
    static let jobTime: Duration = .milliseconds(1)

    let database: any DatabasePermits
    let jobs: any JobQueue

    static func probed(by probe: Probe) -> ServerResources {
        ServerResources(
            database: probe.semaphore("db", permits: databasePermits),
            jobs: probe.queue("jobs", of: Job.self, capacity: jobsCapacity))
    }

    static func plain() -> ServerResources {
        ServerResources(
            database: PlainDatabasePermits(semaphore: AsyncSemaphore(permits: databasePermits)),
            jobs: BoundedQueue<Job>(capacity: jobsCapacity))
    }

    /// Starts the worker; it ends when the queue is closed and drained, or when cancelled.
    func startWorker(probe: Probe?, logger: Logger) -> Task<Void, any Error> {
        let work: @Sendable () async throws -> Void = { [self] in try await runWorker(logger: logger) }
        guard let probe else { return Task(operation: work) }
        return probe.task("jobs worker", kind: "worker", operation: work)
    }

    private func runWorker(logger: Logger) async throws {
        // A worker that stops (cancelled from the dashboard) turns new jobs away instead of
        // leaving their requests blocked on a full queue.
        defer { jobs.close() }
        while let job = try await jobs.receive() {
            try await database.acquire()
            defer { database.release() }
            try await Task.sleep(for: Self.jobTime)
            logger.info("job done", metadata: ["waited": "\(ContinuousClock.now - job.submitted)"])
        }
    }
}
