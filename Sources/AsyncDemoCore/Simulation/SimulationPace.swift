/// How far simulated time may move, given real time: the pure arithmetic of
/// `SimulationExecutor`'s pacing. Simulated time is piecewise linear in real time: it is
/// `anchorSimulated` at `anchorReal` and grows at `speed` from there unless paused. Every pause,
/// speed change or step first moves the anchor to "now", so the past is never re-scaled.
struct SimulationPace {
    enum Limit: Equatable {
        case upTo(Duration)
        /// Virtual pacing: time may jump to any deadline.
        case unbounded
    }

    private(set) var isVirtual: Bool
    private(set) var anchorReal: ContinuousClock.Instant
    private(set) var anchorSimulated: Duration = .zero
    private(set) var speed: Double
    private(set) var isPaused: Bool

    init(_ pacing: SimulationExecutor.Pacing, real: ContinuousClock.Instant) {
        anchorReal = real
        switch pacing {
        case .realTime(let speed, let paused):
            isVirtual = false
            self.speed = Self.clamped(speed)
            isPaused = paused
        case .virtual:
            isVirtual = true
            speed = 1
            isPaused = false
        }
    }

    static func clamped(_ speed: Double) -> Double {
        let range = SimulationExecutor.speedRange
        guard speed.isFinite else { return range.lowerBound }
        return min(max(speed, range.lowerBound), range.upperBound)
    }

    func limit(real: ContinuousClock.Instant) -> Limit {
        if isVirtual { return .unbounded }
        if isPaused { return .upTo(anchorSimulated) }
        return .upTo(anchorSimulated + anchorReal.duration(to: real) * speed)
    }

    /// The real instant at which the limit reaches `deadline`; nil when it never will by itself
    /// (paused, or virtual pacing, where nothing waits for real time).
    func realInstant(reaching deadline: Duration) -> ContinuousClock.Instant? {
        if isVirtual || isPaused { return nil }
        let remaining = deadline - anchorSimulated
        return anchorReal.advanced(by: remaining <= .zero ? .zero : remaining / speed)
    }

    mutating func setPaused(_ paused: Bool, real: ContinuousClock.Instant) {
        moveAnchor(to: real)
        isPaused = paused
    }

    mutating func setSpeed(_ newSpeed: Double, real: ContinuousClock.Instant) {
        moveAnchor(to: real)
        speed = Self.clamped(newSpeed)
    }

    mutating func step(by duration: Duration, real: ContinuousClock.Instant) {
        moveAnchor(to: real)
        anchorSimulated += duration
    }

    private mutating func moveAnchor(to real: ContinuousClock.Instant) {
        if case .upTo(let simulated) = limit(real: real) { anchorSimulated = simulated }
        anchorReal = real
    }
}

extension SimulationPace.Limit {
    func allows(_ instant: Duration) -> Bool {
        switch self {
        case .unbounded: true
        case .upTo(let limit): instant <= limit
        }
    }
}
