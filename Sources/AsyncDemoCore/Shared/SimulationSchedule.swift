/// The pure part of `SimulationClock`: how simulated time relates to real time, who is asleep
/// until when, and which timer generation is current. It never resumes, sleeps or starts
/// anything; its mutating methods say what the clock must do once the lock is released.
struct SimulationSchedule<Continuation> {
    /// One suspended `sleep`, kept in `sleepers` sorted by `(deadline, id)`: the id breaks ties so
    /// sleepers with equal deadlines wake in the order they went to sleep.
    struct Sleeper {
        let id: UInt64
        let deadline: Duration
        let continuation: Continuation
    }

    /// What the clock must do about its single real-time timer after a change.
    struct TimerChange {
        /// The running timer (if any) is out of date and should be cancelled, so it does not wake
        /// for nothing.
        var supersedesRunningTimer = false
        /// Generation of the timer to start, and how long it sleeps on the real clock first.
        var start: (generation: UInt64, realDelay: Duration)?
    }

    enum RegisterAction {
        case sleeping(TimerChange)
        case resumeNow(Continuation)
        case resumeCancelled(Continuation)
    }

    // Simulated time is piecewise linear in real time: it is `anchorSimulated` at `anchorReal`
    // and grows at `speed` from there unless paused. Every pause, speed change or step first
    // moves the anchor to "now", so the past is never re-scaled by a new speed.
    private(set) var anchorReal: ContinuousClock.Instant
    private(set) var anchorSimulated: Duration = .zero
    private(set) var speed: Double
    private(set) var isPaused = false

    private(set) var sleepers: [Sleeper] = []
    private var nextSleeperID: UInt64 = 0
    /// Ids handed out whose continuation is not registered yet: a cancellation can arrive in
    /// that gap, and must not be mistaken for one that arrives after the sleeper woke.
    private var awaitingRegistration: Set<UInt64> = []
    /// Ids whose cancellation handler ran before their continuation was registered.
    private var cancelledBeforeRegistration: Set<UInt64> = []
    /// Bumped whenever the earliest deadline or the rate changes: a timer that wakes with an older
    /// generation was superseded and does nothing.
    private(set) var timerGeneration: UInt64 = 0
    /// Whether a timer of the current generation is (or is about to be) sleeping.
    private(set) var timerIsRunning = false

    static var speedRange: ClosedRange<Double> { 0.1...10 }

    init(real: ContinuousClock.Instant, speed: Double) {
        anchorReal = real
        self.speed = Self.clamped(speed)
    }

    static func clamped(_ speed: Double) -> Double {
        guard speed.isFinite else { return speedRange.lowerBound }
        return min(max(speed, speedRange.lowerBound), speedRange.upperBound)
    }

    func simulatedNow(atReal real: ContinuousClock.Instant) -> Duration {
        if isPaused { return anchorSimulated }
        return anchorSimulated + (anchorReal.duration(to: real)) * speed
    }

    /// How long a real-time timer must sleep, from `real`, until simulated time reaches
    /// `deadline`; nil while paused, because then it never does.
    func realDelay(atReal real: ContinuousClock.Instant, untilSimulated deadline: Duration) -> Duration? {
        if isPaused { return nil }
        let remaining = deadline - simulatedNow(atReal: real)
        return remaining <= .zero ? .zero : remaining / speed
    }

    // MARK: Sleepers

    mutating func makeSleeperID() -> UInt64 {
        nextSleeperID &+= 1
        awaitingRegistration.insert(nextSleeperID)
        return nextSleeperID
    }

    mutating func register(
        id: UInt64, deadline: Duration, continuation: Continuation, atReal real: ContinuousClock.Instant
    ) -> RegisterAction {
        awaitingRegistration.remove(id)
        if cancelledBeforeRegistration.remove(id) != nil { return .resumeCancelled(continuation) }
        if deadline <= simulatedNow(atReal: real) { return .resumeNow(continuation) }
        let index = insertionIndex(deadline: deadline, id: id)
        sleepers.insert(Sleeper(id: id, deadline: deadline, continuation: continuation), at: index)
        // Only a new earliest deadline moves the timer; a later one is reached on the way.
        if index == 0 || !timerIsRunning { return .sleeping(rescheduleTimer(atReal: real)) }
        return .sleeping(TimerChange())
    }

    /// Removes a cancelled sleeper and returns its continuation, or remembers the id if the
    /// sleeper has not registered yet. No continuation when it already woke (the wake-up wins).
    mutating func cancel(id: UInt64, atReal real: ContinuousClock.Instant)
        -> (continuation: Continuation?, timer: TimerChange)
    {
        // Linear: cancellation is rare next to waking, and a second index by id would have to be
        // kept in step on every insert and wake.
        guard let index = sleepers.firstIndex(where: { $0.id == id }) else {
            if awaitingRegistration.contains(id) { cancelledBeforeRegistration.insert(id) }
            return (nil, TimerChange())
        }
        let continuation = sleepers.remove(at: index).continuation
        // Only the earliest sleeper's departure moves the timer: later, or stopped when nobody is
        // left, so an emptied clock does not wake for a sleeper that is gone.
        return (continuation, index == 0 ? rescheduleTimer(atReal: real) : TimerChange())
    }

    /// Takes the sleepers whose deadline has come, earliest first.
    mutating func takeDue(atReal real: ContinuousClock.Instant) -> [Continuation] {
        let now = simulatedNow(atReal: real)
        let dueCount = sleepers.firstIndex(where: { $0.deadline > now }) ?? sleepers.count
        let due = sleepers.prefix(dueCount).map(\.continuation)
        sleepers.removeFirst(dueCount)
        return due
    }

    // MARK: Controls

    mutating func setPaused(_ paused: Bool, atReal real: ContinuousClock.Instant) -> TimerChange {
        moveAnchor(to: real)
        isPaused = paused
        return rescheduleTimer(atReal: real)
    }

    mutating func setSpeed(_ newSpeed: Double, atReal real: ContinuousClock.Instant) -> TimerChange {
        moveAnchor(to: real)
        speed = Self.clamped(newSpeed)
        return rescheduleTimer(atReal: real)
    }

    /// Jumps simulated time forward; returns the sleepers now due and the timer change.
    mutating func step(by duration: Duration, atReal real: ContinuousClock.Instant)
        -> (due: [Continuation], timer: TimerChange)
    {
        moveAnchor(to: real)
        anchorSimulated += duration
        let due = takeDue(atReal: real)
        return (due, rescheduleTimer(atReal: real))
    }

    /// Called by a timer of `generation` when its real-time sleep ends: the due sleepers, and how
    /// long to sleep before the next deadline (nil: the timer ends, because it was superseded,
    /// nobody sleeps any more, or the clock is paused).
    mutating func timerFired(generation: UInt64, atReal real: ContinuousClock.Instant)
        -> (due: [Continuation], nextRealDelay: Duration?)
    {
        guard generation == timerGeneration else { return ([], nil) }
        let due = takeDue(atReal: real)
        guard let earliest = sleepers.first?.deadline,
            let delay = realDelay(atReal: real, untilSimulated: earliest)
        else {
            timerIsRunning = false
            return (due, nil)
        }
        return (due, delay)
    }

    // MARK: Private

    private mutating func moveAnchor(to real: ContinuousClock.Instant) {
        anchorSimulated = simulatedNow(atReal: real)
        anchorReal = real
    }

    /// Supersedes the current timer; asks for a new one only if someone sleeps and time moves,
    /// so a paused or idle clock has no timer and no wake-ups at all.
    private mutating func rescheduleTimer(atReal real: ContinuousClock.Instant) -> TimerChange {
        timerGeneration &+= 1
        guard let earliest = sleepers.first?.deadline,
            let delay = realDelay(atReal: real, untilSimulated: earliest)
        else {
            timerIsRunning = false
            return TimerChange(supersedesRunningTimer: true)
        }
        timerIsRunning = true
        return TimerChange(supersedesRunningTimer: true, start: (timerGeneration, delay))
    }

    private func insertionIndex(deadline: Duration, id: UInt64) -> Int {
        var low = 0
        var high = sleepers.count
        while low < high {
            let middle = (low + high) / 2
            let other = sleepers[middle]
            if (other.deadline, other.id) < (deadline, id) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
