/// A counting semaphore for Swift concurrency: FIFO, cancellation-safe, resizable and observable.
///
/// - Permits are granted in request order; a newcomer never overtakes a task already in line.
/// - A task cancelled while waiting leaves the line with `CancellationError` and consumes no
///   permit. If the cancellation races a grant and the grant wins, `acquire` returns normally:
///   the task holds the permit and must release it, so a permit is never lost nor duplicated.
/// - **A task that is already cancelled when it calls `acquire` gets `CancellationError` at once,
///   even if a permit is free, and never enters the line.**
/// - `setPermits` raises or lowers the count while running; raising wakes waiters immediately,
///   lowering never revokes a held permit and takes effect as holders release.
public final class AsyncSemaphore: Sendable {
    /// How many waiters a snapshot lists individually (all are counted in `waiterCount`).
    public static let waiterDetailLimit = 64

    // Acquiring and releasing are inlined into the caller (see `SemaphoreStorage` for why).
    @usableFromInline let storage: SemaphoreStorage

    /// - Parameters:
    ///   - permits: how many holders may run at once (0 or more).
    ///   - time: where waiter timestamps come from; inject a `ManualTime` in tests.
    public init(permits: Int, time: TimeSource = .system) {
        storage = SemaphoreStorage(permits: permits, time: time)
    }

    /// Waits for a permit, in FIFO order.
    /// - Parameter owner: the task asking, shown in snapshots as a waiter and then as a holder.
    /// - Throws: `CancellationError` if the task is cancelled before it holds a permit.
    @inlinable @inline(__always)
    public func acquire(for owner: TaskID? = nil) async throws {
        try await storage.acquire(owner: owner)
    }

    /// Takes a permit only if one is free and nobody is waiting (never jumps the line).
    @inlinable
    public func tryAcquire(for owner: TaskID? = nil) -> Bool {
        storage.tryAcquire(owner: owner)
    }

    /// Returns a permit, handing it to the oldest waiter if the count allows.
    /// Releasing more than was acquired is a programming error and traps.
    @inlinable
    public func release(for owner: TaskID? = nil) {
        storage.release(owner: owner)
    }

    /// Runs `body` holding a permit, and releases it however `body` ends.
    public func withPermit<Result>(
        for owner: TaskID? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> sending Result
    ) async throws -> sending Result {
        try await acquire(for: owner)
        defer { release(for: owner) }
        return try await body()
    }

    /// Changes the number of permits while running.
    public func setPermits(_ permits: Int) {
        storage.setPermits(permits)
    }

    /// A consistent picture of the semaphore, cheap enough to take every frame.
    public func snapshot() -> SemaphoreSnapshot {
        storage.snapshot(waiterLimit: Self.waiterDetailLimit)
    }

    /// How many snapshot streams are parked waiting for a change (for tests: an idle stream
    /// must be parked, not polling).
    var parkedSnapshotStreams: Int { storage.changes.parkedCount }

    /// Snapshots as they change, newest only, at most one per `interval`.
    public func snapshots(interval: Duration = .milliseconds(50)) -> AsyncStream<SemaphoreSnapshot> {
        let storage = storage
        return coalescedSnapshots(
            interval: interval,
            changes: storage.changes,
            version: { storage.version },
            build: {
                let snapshot = storage.snapshot(waiterLimit: Self.waiterDetailLimit)
                return (snapshot.version, snapshot)
            })
    }
}
