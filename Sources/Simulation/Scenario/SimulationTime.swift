import AsyncDemoCore

/// The scenario's clock as the primitives read time: a `ContinuousClock.Instant` that advances
/// only with simulated time. The semaphore's "waited", the board's ages and the panes' progress
/// bars all read it, so pausing stops them all and the speed control scales them all.
public struct SimulationTime: Sendable {
    public let clock: SimulationClock
    /// The instant simulated time 0 maps to.
    public let origin: ContinuousClock.Instant

    public init(clock: SimulationClock, origin: ContinuousClock.Instant = .now) {
        self.clock = clock
        self.origin = origin
    }

    public func now() -> ContinuousClock.Instant {
        origin.advanced(by: clock.now.sinceStart)
    }

    /// The primitives' time source: read and slept on through the clock (the board's retention
    /// timer is then a sleeper of the simulation like any other).
    public var source: TimeSource { .simulated(by: clock, from: origin) }
}
