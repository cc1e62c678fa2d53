import Locking

/// Where the primitives read "now" from, and how they wait for a later instant of it.
///
/// Injected rather than reading a clock directly so tests (and a paused dashboard)
/// can decide what time it is instead of depending on how fast the machine happens to be.
public struct TimeSource: Sendable {
    public let now: @Sendable () -> SimulationInstant
    /// Returns once `now()` has reached the instant, or throws `CancellationError` when the task
    /// is cancelled first; nil for a source that cannot be slept on.
    public let sleep: (@Sendable (_ until: SimulationInstant) async throws -> Void)?

    /// A source that can only be read: what waits on it (the task board's retention) waits for
    /// the next change instead of the instant.
    public init(now: @escaping @Sendable () -> SimulationInstant) {
        self.now = now
        self.sleep = nil
    }

    /// A source that can be slept on.
    public init(
        now: @escaping @Sendable () -> SimulationInstant,
        sleep: @escaping @Sendable (_ until: SimulationInstant) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The real monotonic clock, as the time since this source was first read: for primitives
    /// used outside a simulation.
    public static let system = realTime(since: .now)

    /// The real monotonic clock, as the time since `origin`.
    public static func realTime(since origin: ContinuousClock.Instant) -> TimeSource {
        TimeSource(
            now: { SimulationInstant(sinceStart: origin.duration(to: .now)) },
            sleep: { try await Task.sleep(until: origin.advanced(by: $0.sinceStart), clock: .continuous) })
    }

    /// Simulated time, slept on by sleeping on `clock`, so a wait stands still while the clock is
    /// paused and scales with its speed.
    public static func simulated(by clock: SimulationClock) -> TimeSource {
        TimeSource(now: { clock.now }, sleep: { try await clock.sleep(until: $0) })
    }
}
