import Locking

/// Where the primitives read "now" from, and how they wait for a later instant of it.
///
/// Injected rather than calling `ContinuousClock.now` directly so tests (and a paused dashboard)
/// can decide what time it is instead of depending on how fast the machine happens to be.
public struct TimeSource: Sendable {
    public let now: @Sendable () -> ContinuousClock.Instant
    /// Returns once `now()` has reached the instant, or throws `CancellationError` when the task
    /// is cancelled first; nil for a source that cannot be slept on.
    public let sleep: (@Sendable (_ until: ContinuousClock.Instant) async throws -> Void)?

    /// A source that can only be read: what waits on it (the task board's retention) waits for
    /// the next change instead of the instant.
    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
        self.sleep = nil
    }

    /// A source that can be slept on.
    public init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        sleep: @escaping @Sendable (_ until: ContinuousClock.Instant) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The real monotonic clock.
    public static let system = TimeSource(
        now: { ContinuousClock.now }, sleep: { try await Task.sleep(until: $0, clock: .continuous) })

    /// Simulated time as an instant: `origin` plus the time `clock` has simulated, slept on by
    /// sleeping on `clock`, so a wait stands still while the clock is paused and scales with its
    /// speed.
    public static func simulated(by clock: SimulationClock, from origin: ContinuousClock.Instant) -> TimeSource {
        TimeSource(
            now: { origin.advanced(by: clock.now.sinceStart) },
            sleep: { deadline in
                try await clock.sleep(until: SimulationClock.Instant(sinceStart: origin.duration(to: deadline)))
            })
    }
}
