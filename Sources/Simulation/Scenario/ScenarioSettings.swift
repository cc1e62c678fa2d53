/// The default scenario's knobs. Each is a command-line flag; most can also be changed live by a
/// key, within the same limits.
public struct ScenarioSettings: Sendable, Equatable {
    public var workers = 6
    public var permits = 3
    public var capacity = 16
    public var producers = 2
    public var consumers = 2
    /// Items each producer makes per simulated second. With the defaults the producers (6/s)
    /// outrun the consumers (about 4/s), so the queue fills and back-pressure shows within seconds.
    public var rate = 3.0
    /// Simulated seconds per real second.
    public var speed = 1.0
    /// Seeds every random duration and failure, so the same seed replays the same choices.
    public var seed: UInt64 = 1
    /// How often (percent) a worker's or job's work fails, so failures and replacements show.
    public var failurePercent = 3
    /// How long finished tasks and worker rows stay visible (simulated time).
    public var retention: Duration = .seconds(10)

    public init() {}

    public static let workerLimits = 0...10_000
    public static let permitLimits = 1...1_000
    public static let capacityLimits = 1...10_000
    public static let pipelineTaskLimits = 0...100
    public static let rateLimits = 0.1...1_000.0
    public static let speedLimits = 0.1...10.0
    public static let retentionLimits = 0.0...3_600.0
    public static let failureLimits = 0...100

    /// The values `[`/`]` step through for the producer rate, and `<`/`>` for the capacity.
    static let rateSteps: [Double] = [0.1, 0.2, 0.5, 1, 2, 3, 5, 8, 12, 20, 30, 50, 100, 200, 500, 1_000]
    static let capacitySteps = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 100, 128, 256, 512, 1_000, 10_000]
    /// The speeds `x`/`X` step through.
    public static let speedSteps: [Double] = [0.1, 0.25, 0.5, 1, 2, 5, 10]
}

public enum Ladder {
    /// The next step above (`up`) or below `value`, or `value` itself at either end.
    public static func step<Value: Comparable>(_ value: Value, in steps: [Value], up: Bool) -> Value {
        if up { return steps.first { $0 > value } ?? value }
        return steps.last { $0 < value } ?? value
    }
}
