import AsyncDemoCore

/// The scenario's clock as the primitives read time. The semaphore's "waited", the board's ages
/// and the panes' progress bars all read it, so pausing stops them all and the speed control
/// scales them all.
public struct SimulationTime: Sendable {
    public let clock: SimulationClock

    public init(clock: SimulationClock) {
        self.clock = clock
    }

    public func now() -> SimulationInstant { clock.now }

    /// The primitives' time source: read and slept on through the clock (the board's retention
    /// timer is then a sleeper of the simulation like any other).
    public var source: TimeSource { .simulated(by: clock) }
}
