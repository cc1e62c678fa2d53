/// How long a task spent in each activity, as tokio-console's busy / scheduled / idle and
/// `go tool trace`'s execution / block-by-reason figures tell it.
public struct TimeBreakdown: Sendable, Equatable {
    private var nanoseconds = [Int64](repeating: 0, count: LaneActivity.allCases.count)

    public init() {}

    public subscript(activity: LaneActivity) -> Duration {
        .nanoseconds(nanoseconds[Int(activity.rawValue)])
    }

    public mutating func add(_ duration: Duration, to activity: LaneActivity) {
        nanoseconds[Int(activity.rawValue)] += max(0, duration.wholeNanoseconds)
    }

    /// The time in every activity together: the task's life so far.
    public var total: Duration { .nanoseconds(nanoseconds.reduce(0, +)) }

    /// Time spent waiting, for whatever reason.
    public var waiting: Duration {
        .nanoseconds(LaneActivity.allCases.filter(\.isWaiting).reduce(0) { $0 + nanoseconds[Int($1.rawValue)] })
    }

    /// The activities with any time, largest first (ties in the enum's order).
    public var nonZero: [(activity: LaneActivity, duration: Duration)] {
        LaneActivity.allCases.filter { nanoseconds[Int($0.rawValue)] > 0 }
            .sorted { nanoseconds[Int($0.rawValue)] > nanoseconds[Int($1.rawValue)] }
            .map { ($0, self[$0]) }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating far beyond any run's length.
    public var wholeNanoseconds: Int64 {
        let parts = components
        let (seconds, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return parts.seconds < 0 ? .min : .max }
        return seconds + parts.attoseconds / 1_000_000_000
    }
}
