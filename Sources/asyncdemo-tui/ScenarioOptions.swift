import ArgumentParser
import Dashboard
import Simulation

/// The default scenario's flags, each checked against the limits the keys use too.
struct ScenarioOptions: ParsableArguments {
    private static let defaults = ScenarioSettings()

    @Option(help: "Workers competing for the permits (\(ScenarioSettings.workerLimits), default \(defaults.workers)).")
    var workers = defaults.workers

    @Option(help: "Semaphore permits (\(ScenarioSettings.permitLimits), default \(defaults.permits)).")
    var permits = defaults.permits

    @Option(help: "Queue capacity (\(ScenarioSettings.capacityLimits), default \(defaults.capacity)).")
    var capacity = defaults.capacity

    @Option(help: "Producers filling the queue (\(ScenarioSettings.pipelineTaskLimits), default \(defaults.producers)).")
    var producers = defaults.producers

    @Option(help: "Consumers draining the queue (\(ScenarioSettings.pipelineTaskLimits), default \(defaults.consumers)).")
    var consumers = defaults.consumers

    @Option(help: "Items per second each producer makes (0.1-1000, default \(Int(defaults.rate))).")
    var rate = defaults.rate

    /// Optional, so `demo --speed 20` (which the root command parses, as it has the same
    /// option) can tell it was given.
    @Option(help: "Simulation speed, simulated seconds per second (0.1-10, default 1).")
    var speed: Double?

    @Option(help: "Seed for every random choice, so a run can be replayed (default \(defaults.seed)).")
    var seed = defaults.seed

    @Option(help: "Seconds finished tasks stay listed (0-3600, default 10).")
    var retention: Double = 10

    @Option(help: "Percent of jobs whose work fails (0-100, default \(defaults.failurePercent)).")
    var failures = defaults.failurePercent

    /// The settings, each checked against its range. Checked when the dashboard or `snapshot` runs,
    /// not while parsing: `demo` shares `--speed` and allows more than the dashboard's 10x.
    func validatedSettings() throws -> ScenarioSettings {
        try Self.check("--workers", workers, ScenarioSettings.workerLimits)
        try Self.check("--permits", permits, ScenarioSettings.permitLimits)
        try Self.check("--capacity", capacity, ScenarioSettings.capacityLimits)
        try Self.check("--producers", producers, ScenarioSettings.pipelineTaskLimits)
        try Self.check("--consumers", consumers, ScenarioSettings.pipelineTaskLimits)
        try Self.check("--rate", rate, ScenarioSettings.rateLimits)
        try Self.check("--speed", speed ?? Self.defaults.speed, ScenarioSettings.speedLimits)
        try Self.check("--retention", retention, ScenarioSettings.retentionLimits)
        try Self.check("--failures", failures, ScenarioSettings.failureLimits)
        return settings
    }

    private static func check<Value: Comparable>(_ flag: String, _ value: Value, _ limits: ClosedRange<Value>) throws {
        guard limits.contains(value) else {
            throw ValidationError("\(flag) must be between \(limits.lowerBound) and \(limits.upperBound), got \(value)")
        }
    }

    private var settings: ScenarioSettings {
        var settings = ScenarioSettings()
        settings.workers = workers
        settings.permits = permits
        settings.capacity = capacity
        settings.producers = producers
        settings.consumers = consumers
        settings.rate = rate
        settings.speed = speed ?? Self.defaults.speed
        settings.seed = seed
        settings.retention = .milliseconds(Int64(retention * 1000))
        settings.failurePercent = failures
        return settings
    }
}
