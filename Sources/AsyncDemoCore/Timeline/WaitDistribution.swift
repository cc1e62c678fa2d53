/// How long waits lasted over a whole run (a permit's, in the Workers pane): count, maximum and
/// quantiles, in constant memory. Values go into log-linear buckets, sixteen per power of two,
/// so a quantile is within about 6 % of the exact one (as HdrHistogram does it).
public struct WaitDistribution: Sendable, Equatable {
    private static let subBucketBits = 4
    private static let subBuckets = 1 << subBucketBits

    private var counts = [Int](repeating: 0, count: Self.subBuckets * (64 - Self.subBucketBits + 1))
    public private(set) var count = 0
    public private(set) var maximum = Duration.zero

    public init() {}

    public mutating func record(_ wait: Duration) {
        let nanoseconds = max(0, wait.wholeNanoseconds)
        counts[Self.bucket(of: nanoseconds)] += 1
        count += 1
        maximum = max(maximum, .nanoseconds(nanoseconds))
    }

    /// The wait that `fraction` of all waits were no longer than (0.5 for the median); nil
    /// before the first. Never more than the maximum seen.
    public func quantile(_ fraction: Double) -> Duration? {
        guard count > 0 else { return nil }
        let rank = max(1, Int((fraction * Double(count)).rounded(.up)))
        var seen = 0
        for (bucket, inBucket) in counts.enumerated() where inBucket > 0 {
            seen += inBucket
            if seen >= rank { return min(.nanoseconds(Self.upperBound(of: bucket)), maximum) }
        }
        return maximum
    }

    static func bucket(of nanoseconds: Int64) -> Int {
        guard nanoseconds >= Int64(subBuckets) else { return Int(nanoseconds) }
        let exponent = Int64.bitWidth - 1 - nanoseconds.leadingZeroBitCount
        let shift = exponent - subBucketBits
        let subBucket = Int((nanoseconds >> shift) & Int64(subBuckets - 1))
        return subBuckets * (shift + 1) + subBucket
    }

    /// The largest value that falls into `bucket`.
    static func upperBound(of bucket: Int) -> Int64 {
        guard bucket >= subBuckets else { return Int64(bucket) }
        let shift = bucket / subBuckets - 1
        let subBucket = Int64(bucket % subBuckets)
        let lowest = (Int64(subBuckets) + subBucket) << shift
        return lowest + ((Int64(1) << shift) - 1)
    }
}
