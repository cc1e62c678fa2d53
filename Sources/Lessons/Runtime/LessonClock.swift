import AsyncDemoCore

/// Where lesson time comes from: real time scaled by `--speed`, or virtual time in tests.
protocol LessonTimeline: Sendable {
    /// Lesson time elapsed since the run started.
    var now: Duration { get }
    /// Suspends until lesson time reaches `deadline` (at once if it already has).
    func sleep(until deadline: Duration) async throws
}

/// The clock every example sleeps on and reads its timestamps from.
///
/// Examples never touch `ContinuousClock` for lesson time: the command runs them on real time
/// divided by `--speed`, and the tests on virtual time that jumps ahead as soon as every task is
/// asleep, so a "took 3.00 s" fact holds however loaded the machine is.
public final class LessonClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Sendable {
        public typealias Duration = Swift.Duration

        /// Lesson time since the run started.
        public let sinceStart: Duration

        public init(sinceStart: Duration) { self.sinceStart = sinceStart }

        public func advanced(by duration: Duration) -> Instant { Instant(sinceStart: sinceStart + duration) }

        public func duration(to other: Instant) -> Duration { other.sinceStart - sinceStart }

        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceStart < rhs.sinceStart }
    }

    public typealias Duration = Swift.Duration

    private let timeline: any LessonTimeline

    init(timeline: any LessonTimeline) {
        self.timeline = timeline
    }

    /// Real time, `speed` lesson seconds per real second (20 runs a 3 s lesson in 0.15 s).
    public static func realTime(speed: Double) -> LessonClock {
        LessonClock(timeline: ScaledRealTimeline(speed: speed))
    }

    /// The dashboard's simulation time: pausing, stepping or speeding it does the same to the
    /// lesson. Lesson time zero is `start`, by default the clock's now.
    public static func simulation(_ clock: SimulationClock, from start: SimulationClock.Instant? = nil) -> LessonClock {
        LessonClock(timeline: SimulationTimeline(clock: clock, start: start ?? clock.now))
    }

    public var now: Instant { Instant(sinceStart: timeline.now) }

    /// Lesson time since the run started.
    public var elapsed: Duration { timeline.now }

    public var minimumResolution: Duration { .nanoseconds(1) }

    /// In a scene, a named task (see `LessonContext.task(_:bar:_:)`) shows as sleeping while it
    /// sleeps here; one whose deadline has passed, or that is cancelled, does not sleep, and
    /// shows nothing.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        guard let tracked = TrackedLessonTask.current, deadline.sinceStart > timeline.now, !Task.isCancelled else {
            return try await timeline.sleep(until: deadline.sinceStart)
        }
        try await tracked.reporting(.suspended(.sleep)) { try await timeline.sleep(until: deadline.sinceStart) }
    }
}

/// Real time multiplied by a speed: sleeps are divided by it, readings multiplied.
struct ScaledRealTimeline: LessonTimeline {
    let start = ContinuousClock.now
    let speed: Double

    init(speed: Double) {
        precondition(speed.isFinite && speed > 0, "speed must be a positive finite number")
        self.speed = speed
    }

    var now: Duration { start.duration(to: .now) * speed }

    func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: start.advanced(by: deadline / speed), clock: .continuous)
    }
}

/// Lesson time on a `SimulationClock`, counted from when the lesson started.
struct SimulationTimeline: LessonTimeline {
    let clock: SimulationClock
    let start: SimulationClock.Instant

    var now: Duration { start.duration(to: clock.now) }

    func sleep(until deadline: Duration) async throws {
        try await clock.sleep(until: start.advanced(by: deadline))
    }
}
