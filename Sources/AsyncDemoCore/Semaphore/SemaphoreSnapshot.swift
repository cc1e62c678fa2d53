/// What an `AsyncSemaphore` looked like at one instant, taken under its lock so the figures agree
/// with each other (held + available never contradict permits).
public struct SemaphoreSnapshot: Sendable, Equatable {
    public struct Waiter: Sendable, Equatable {
        public let id: WaiterID
        /// The task that asked, when `acquire(for:)` was given one.
        public let owner: TaskID?
        public let since: SimulationInstant
        /// How long it had waited when the snapshot was taken.
        public let waited: Duration
    }

    public let takenAt: SimulationInstant
    public let permits: Int
    /// Permits currently held; may exceed `permits` right after a decrease.
    public let held: Int
    public let available: Int
    /// How many tasks are in line (all of them, not only those listed in `waiters`).
    public let waiterCount: Int
    /// The oldest waiters, first in line first; at most `AsyncSemaphore.waiterDetailLimit`, so a
    /// snapshot stays cheap with 100,000 tasks in line.
    public let waiters: [Waiter]
    /// Owners of the permits held by acquires that named one.
    public let holders: [TaskID]
    public let totalGrants: Int
    /// Waiters that left the line because their task was cancelled.
    public let cancellations: Int
    /// The most permits ever held at once.
    public let peakHeld: Int
    /// Changes whenever the semaphore changes; equal versions mean equal contents.
    public let version: UInt64
}

extension SemaphoreStateMachine {
    func snapshot(at now: SimulationInstant, waiterLimit: Int) -> SemaphoreSnapshot {
        SemaphoreSnapshot(
            takenAt: now,
            permits: permits,
            held: held,
            available: available,
            waiterCount: waiters.count,
            waiters: waiters.prefix(waiterLimit).map { entry in
                SemaphoreSnapshot.Waiter(
                    id: entry.id, owner: entry.payload.owner, since: entry.payload.since,
                    waited: max(.zero, entry.payload.since.duration(to: now)))
            },
            holders: ownedBy,
            totalGrants: totalGrants,
            cancellations: cancellations,
            peakHeld: peakHeld,
            version: version)
    }
}
