/// The dashboard's simulation time: a `Clock` a teacher can pause, step while paused, and run
/// from 0.1x to 10x real speed.
///
/// Scenario code sleeps on it like on any clock (`try await clock.sleep(for: .seconds(2))`).
/// Sleeps stand still while paused and stretch or shrink with the speed, including sleeps that
/// are already in progress when the speed or pause changes: deadlines are kept in simulated time
/// and a sleeper wakes when simulated now reaches its deadline.
///
/// Cost model: one timer task at most, sleeping on the real clock until the earliest deadline
/// (converted at the current speed), and none at all while paused or while nobody sleeps, so an
/// idle or paused dashboard is not woken by its clock.
public final class SimulationClock: Clock, Sendable {
    /// A point in simulated time, measured from the moment the clock was created.
    public struct Instant: InstantProtocol, Sendable {
        public typealias Duration = Swift.Duration

        /// Simulated time elapsed since the clock started.
        public let sinceStart: Duration

        public init(sinceStart: Duration) {
            self.sinceStart = sinceStart
        }

        public func advanced(by duration: Duration) -> Instant {
            Instant(sinceStart: sinceStart + duration)
        }

        public func duration(to other: Instant) -> Duration {
            other.sinceStart - sinceStart
        }

        public static func < (lhs: Instant, rhs: Instant) -> Bool {
            lhs.sinceStart < rhs.sinceStart
        }
    }

    public typealias Duration = Swift.Duration

    /// The slowest and fastest speeds `setSpeed` accepts; values outside are clamped.
    public static let speedRange: ClosedRange<Double> = Schedule.speedRange

    private typealias Schedule = SimulationSchedule<CheckedContinuation<Void, any Error>>

    private struct State {
        var schedule: Schedule
        /// The current timer task, kept so a superseded one is cancelled instead of waking.
        var timerTask: Task<Void, Never>?

        /// Hands over the timer a change makes out of date. Taken in the same critical section as
        /// the change: taken later, it could be the newer timer of a change that came after.
        mutating func timerSuperseded(by change: Schedule.TimerChange) -> Task<Void, Never>? {
            guard change.supersedesRunningTimer else { return nil }
            defer { timerTask = nil }
            return timerTask
        }
    }

    private let state: LockedState<State>
    /// Where real time is read from. The timer itself sleeps on `ContinuousClock` (a time source
    /// cannot be slept on); with a manual base in tests the clock is driven by `step` instead.
    private let base: TimeSource

    /// - Parameters:
    ///   - speed: simulated seconds per real second, clamped to `speedRange`.
    ///   - paused: starts paused at simulated time zero exactly (a headless run steps it from there).
    ///   - base: where real time comes from; inject `ManualTime` in tests.
    public init(speed: Double = 1, paused: Bool = false, base: TimeSource = .system) {
        self.base = base
        let start = base.now()
        var schedule = Schedule(real: start, speed: speed)
        if paused { _ = schedule.setPaused(true, atReal: start) }
        state = LockedState(State(schedule: schedule))
    }

    deinit {
        // Sleepers and the timer task each hold the clock, so by now there are none left to wake.
        state.withLock { $0.timerTask?.cancel() }
    }

    // Every read of the base happens inside the lock: two changes then see real time in the order
    // they take the lock, so the anchor never moves backwards and simulated time never runs back.

    public var now: Instant {
        state.withLock { Instant(sinceStart: $0.schedule.simulatedNow(atReal: base.now())) }
    }

    public var minimumResolution: Duration { .nanoseconds(1) }

    public var isPaused: Bool { state.withLock { $0.schedule.isPaused } }

    /// Simulated seconds per real second.
    public var speed: Double { state.withLock { $0.schedule.speed } }

    /// Stops or restarts simulated time. Sleepers keep their deadlines; while paused nothing wakes
    /// them but `step`.
    public func setPaused(_ paused: Bool) {
        apply(
            state.withLock { state in
                let change = state.schedule.setPaused(paused, atReal: base.now())
                return (change, state.timerSuperseded(by: change))
            })
    }

    /// Changes the speed (clamped to `speedRange`); sleepers in progress keep their simulated
    /// deadline, so their remaining real wait scales with the new speed.
    public func setSpeed(_ speed: Double) {
        apply(
            state.withLock { state in
                let change = state.schedule.setSpeed(speed, atReal: base.now())
                return (change, state.timerSuperseded(by: change))
            })
    }

    /// Moves simulated time forward by `duration` (meant for single ticks while paused) and wakes
    /// the sleepers whose deadline that reaches, earliest first.
    public func step(by duration: Duration) {
        precondition(duration >= .zero, "SimulationClock.step(by:) cannot move time backwards")
        let (due, change, superseded) = state.withLock { state in
            let (due, change) = state.schedule.step(by: duration, atReal: base.now())
            return (due, change, state.timerSuperseded(by: change))
        }
        for continuation in due { continuation.resume() }
        apply((change, superseded))
    }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        // Matches `Task.sleep`: an already-cancelled task does not sleep at all.
        if Task.isCancelled { throw CancellationError() }
        let id = state.withLock { $0.schedule.makeSleeperID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (action, superseded) = state.withLock {
                    state -> (Schedule.RegisterAction, Task<Void, Never>?) in
                    let action = state.schedule.register(
                        id: id, deadline: deadline.sinceStart, continuation: continuation, atReal: base.now())
                    guard case .sleeping(let change) = action else { return (action, nil) }
                    return (action, state.timerSuperseded(by: change))
                }
                switch action {
                case .sleeping(let change): apply((change, superseded))
                case .resumeNow(let continuation): continuation.resume()
                case .resumeCancelled(let continuation): continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let (continuation, change, superseded) = state.withLock { state in
                let (continuation, change) = state.schedule.cancel(id: id, atReal: base.now())
                return (continuation, change, state.timerSuperseded(by: change))
            }
            continuation?.resume(throwing: CancellationError())
            apply((change, superseded))
        }
    }

    // MARK: For tests

    /// How many tasks are asleep on this clock.
    var sleeperCount: Int { state.withLock { $0.schedule.sleepers.count } }

    /// Whether a timer is due to wake on the real clock; false while paused or idle.
    var hasTimer: Bool { state.withLock { $0.schedule.timerIsRunning } }

    /// How long the timer would sleep on the real clock, from now, for the earliest sleeper.
    var realDelayToEarliestDeadline: Duration? {
        state.withLock { state in
            state.schedule.sleepers.first.flatMap {
                state.schedule.realDelay(atReal: base.now(), untilSimulated: $0.deadline)
            }
        }
    }

    // MARK: Timer

    /// Cancels a superseded timer and starts its replacement, outside the lock.
    private func apply(_ outcome: (change: Schedule.TimerChange, superseded: Task<Void, Never>?)) {
        let change = outcome.change
        outcome.superseded?.cancel()
        guard let (generation, realDelay) = change.start else { return }
        let timer = Task { await runTimer(generation: generation, firstDelay: realDelay) }
        // A newer change may have come in between: then this timer is already out of date.
        let isCurrent = state.withLock { state -> Bool in
            guard state.schedule.timerGeneration == generation else { return false }
            state.timerTask = timer
            return true
        }
        if !isCurrent { timer.cancel() }
    }

    private func runTimer(generation: UInt64, firstDelay: Duration) async {
        var realDelay = firstDelay
        while true {
            // Cancelled means superseded by a pause, speed change, step or earlier sleeper.
            do { try await Task.sleep(for: realDelay) } catch { return }
            let (due, next) = state.withLock { state in
                let fired = state.schedule.timerFired(generation: generation, atReal: base.now())
                if fired.nextRealDelay == nil, state.schedule.timerGeneration == generation {
                    state.timerTask = nil
                }
                return fired
            }
            for continuation in due { continuation.resume() }
            guard let next else { return }
            realDelay = next
        }
    }
}
