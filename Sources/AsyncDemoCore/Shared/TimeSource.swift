/// Where the primitives read "now" from.
///
/// Injected rather than calling `ContinuousClock.now` directly so tests (and a paused dashboard)
/// can decide what time it is instead of depending on how fast the machine happens to be.
public struct TimeSource: Sendable {
    public let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
    }

    /// The real monotonic clock.
    public static let system = TimeSource { ContinuousClock.now }
}

/// A time source that moves only when told to: tests advance it explicitly, so a timestamp or
/// a "waited 1.2 s" figure never depends on scheduling luck.
public final class ManualTime: Sendable {
    private let current: LockedState<ContinuousClock.Instant>

    public init(start: ContinuousClock.Instant = .now) {
        current = LockedState(start)
    }

    public var now: ContinuousClock.Instant { current.withLock { $0 } }

    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }

    public var source: TimeSource {
        TimeSource { [self] in now }
    }
}
