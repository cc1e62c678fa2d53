import DequeModule

/// Lines per second: the lines recorded in the second before `now`.
struct LineRate {
    private var recent: Deque<(at: ContinuousClock.Instant, count: Int)> = []

    mutating func record(_ count: Int, at instant: ContinuousClock.Instant) {
        recent.append((instant, count))
        forget(before: instant - .seconds(1))
    }

    mutating func perSecond(at now: ContinuousClock.Instant) -> Int {
        forget(before: now - .seconds(1))
        return recent.reduce(0) { $0 + $1.count }
    }

    private mutating func forget(before cutoff: ContinuousClock.Instant) {
        while let first = recent.first, first.at <= cutoff { recent.removeFirst() }
    }
}
