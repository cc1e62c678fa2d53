import AsyncDemoCore

/// The core's `AsyncSemaphore` (FIFO, cancellation-safe, resizable), named, with each request,
/// grant (with the wait), release and cancelled wait recorded as the simulation records them,
/// and the waiting task shown waiting on a semaphore.
public final class ProbeSemaphore: Sendable {
    public let name: String
    /// The semaphore itself, for its snapshots.
    public let semaphore: AsyncSemaphore
    private let probe: Probe

    init(name: String, permits: Int, probe: Probe) {
        self.name = name
        semaphore = AsyncSemaphore(permits: permits)
        self.probe = probe
    }

    /// Waits for a permit in FIFO order.
    /// - Throws: `CancellationError` if the task is cancelled before it holds one (at once if
    ///   it already is, even with a permit free).
    public func acquire() async throws {
        // The core's contract: an already-cancelled task is refused, even with a permit free.
        if Task.isCancelled { throw CancellationError() }
        let task = probe.current, ring = probe.ring
        ring.append(.permitRequested(task: task), resource: name)
        if semaphore.tryAcquire(for: task) {
            ring.append(.permitGranted(task: task, waitedNanoseconds: 0), resource: name)
            return
        }
        let asked = ContinuousClock.now
        probe.setState(of: task, to: .waiting(.semaphore))
        do {
            try await semaphore.acquire(for: task)
        } catch {
            ring.append(.permitRequestCancelled(task: task), resource: name)
            probe.setState(of: task, to: .running)
            throw error
        }
        let waited = ContinuousClock.now - asked
        ring.append(.permitGranted(task: task, waitedNanoseconds: SimulationInstant(sinceStart: waited).nanoseconds), resource: name)
        probe.setState(of: task, to: .running)
    }

    /// Returns a permit taken by the current task.
    public func release() {
        let task = probe.current
        semaphore.release(for: task)
        probe.ring.append(.permitReleased(task: task), resource: name)
    }

    /// Runs `body` holding a permit, and releases it however `body` ends.
    public func withPermit<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> sending Result
    ) async throws -> sending Result {
        try await acquire()
        defer { release() }
        return try await body()
    }

    /// Changes the number of permits while running.
    public func setPermits(_ permits: Int) {
        semaphore.setPermits(permits)
        probe.registry.declareSemaphore(name, permits: permits)
        probe.ring.append(.permitsResized(permits: permits), resource: name)
    }
}
