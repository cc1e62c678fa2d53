import AsyncDemoCore
import ConcurrencyProbe

/// The "database"'s permits as the endpoints and the worker take them, probed or not. Both
/// are the core's `AsyncSemaphore`; the probed one also records every request, grant and
/// release for the dashboard.
protocol DatabasePermits: Sendable {
    func acquire() async throws
    func release()
}

extension ProbeSemaphore: DatabasePermits {}

/// The same semaphore without the probe: what the comparison's unprobed server takes.
struct PlainDatabasePermits: DatabasePermits {
    let semaphore: AsyncSemaphore

    func acquire() async throws { try await semaphore.acquire() }
    func release() { semaphore.release() }
}
