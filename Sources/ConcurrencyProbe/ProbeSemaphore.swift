import AsyncDemoCore

/// The core's `AsyncSemaphore` (FIFO, cancellation-safe, resizable), named, with each request,
/// grant (with the wait), release and cancelled wait recorded as the simulation records them,
/// and the waiting task shown waiting on a semaphore.
public final class ProbeSemaphore: Sendable {
    public let name: String
    /// The semaphore itself, for its snapshots.
    public let semaphore: AsyncSemaphore
    private let probe: Probe
    /// Who holds and who waits, for a dashboard that attaches later; it records the events.
    private let present: ProbeSemaphoreState

    init(name: String, permits: Int, present: ProbeSemaphoreState, probe: Probe) {
        self.name = name
        semaphore = AsyncSemaphore(permits: permits)
        self.present = present
        self.probe = probe
    }

    /// Waits for a permit in FIFO order.
    /// - Throws: `CancellationError` if the task is cancelled before it holds one (at once if
    ///   it already is, even with a permit free).
    public func acquire() async throws {
        // The core's contract: an already-cancelled task is refused, even with a permit free.
        if Task.isCancelled { throw CancellationError() }
        let task = probe.current
        if semaphore.tryAcquire(for: task) {
            present.grantedAtOnce(task)
            return
        }
        let asked = ContinuousClock.now
        present.requested(task, at: asked)
        probe.setState(of: task, to: .waiting(.semaphore), on: name)
        do {
            try await semaphore.acquire(for: task)
        } catch {
            present.cancelled(task)
            probe.setState(of: task, to: .running)
            throw error
        }
        let waited = ContinuousClock.now - asked
        present.granted(task, waitedNanoseconds: SimulationInstant(sinceStart: waited).nanoseconds)
        probe.setState(of: task, to: .running)
    }

    /// Returns a permit taken by the current task.
    public func release() {
        let task = probe.current
        // Said before the permit goes: the next holder's grant, said after it arrives, then
        // always follows this release in the stream, which never shows more holders than permits.
        present.released(task)
        semaphore.release(for: task)
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
        present.resized(to: permits)
    }
}
