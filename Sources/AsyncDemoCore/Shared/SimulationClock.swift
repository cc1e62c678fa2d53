/// The simulation's time as a `Clock`: what scenario code sleeps on and reads "now" from. A
/// teacher can pause it, step it while paused, and run it from 0.1x to 10x real speed.
///
/// A thin face on `SimulationExecutor`, which owns simulated time: a sleep is a sleeper on the
/// executor, woken when nothing else can run and time has reached its deadline, so sleeps stand
/// still while paused and stretch or shrink with the speed, including sleeps in progress.
public final class SimulationClock: Clock, Sendable {
    public typealias Instant = SimulationInstant

    public typealias Duration = Swift.Duration

    /// The slowest and fastest speeds `setSpeed` accepts; values outside are clamped.
    public static let speedRange: ClosedRange<Double> = SimulationExecutor.speedRange

    /// Where the simulation's tasks run; every task that sleeps on this clock must run there.
    public let executor: SimulationExecutor

    private let ownsExecutor: Bool

    /// A clock on a simulation's executor: the tasks that sleep on it must run there.
    public init(executor: SimulationExecutor) {
        self.executor = executor
        ownsExecutor = false
    }

    /// A clock with a real-time executor of its own, ended with the clock.
    public convenience init(speed: Double = 1, paused: Bool = false) {
        self.init(owning: SimulationExecutor(pacing: .realTime(speed: speed, paused: paused)))
    }

    private init(owning executor: SimulationExecutor) {
        self.executor = executor
        ownsExecutor = true
    }

    deinit {
        if ownsExecutor { executor.stop() }
    }

    public var now: Instant { Instant(sinceStart: executor.now) }

    public var minimumResolution: Duration { .nanoseconds(1) }

    public var isPaused: Bool { executor.isPaused }

    /// Simulated seconds per real second.
    public var speed: Double { executor.speed }

    /// Stops or restarts simulated time. Sleepers keep their deadlines; while paused nothing wakes
    /// them but `step`.
    public func setPaused(_ paused: Bool) { executor.setPaused(paused) }

    /// Changes the speed (clamped to `speedRange`); sleepers in progress keep their simulated
    /// deadline, so their remaining real wait scales with the new speed.
    public func setSpeed(_ speed: Double) { executor.setSpeed(speed) }

    /// Lets simulated time move `duration` further (meant for single ticks while paused); the
    /// sleepers that reaches wake earliest first once nothing else can run.
    public func step(by duration: Duration) { executor.step(by: duration) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await executor.sleep(until: deadline.sinceStart)
    }
}
