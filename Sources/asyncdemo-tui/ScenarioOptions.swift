import ArgumentParser
import Dashboard
import Simulation

/// The default scenario's flags, each checked against the limits the keys use too.
struct ScenarioOptions: ParsableArguments {
    private static let defaults = ScenarioSettings()

    @Option(parsing: .unconditional, help: "Workers competing for the permits (\(range(ScenarioSettings.workerLimits))).")
    var workers = NumberArgument(defaults.workers)

    @Option(parsing: .unconditional, help: "Semaphore permits (\(range(ScenarioSettings.permitLimits))).")
    var permits = NumberArgument(defaults.permits)

    @Option(parsing: .unconditional, help: "Queue capacity (\(range(ScenarioSettings.capacityLimits))).")
    var capacity = NumberArgument(defaults.capacity)

    @Option(parsing: .unconditional, help: "Producers filling the queue (\(range(ScenarioSettings.pipelineTaskLimits))).")
    var producers = NumberArgument(defaults.producers)

    @Option(parsing: .unconditional, help: "Consumers draining the queue (\(range(ScenarioSettings.pipelineTaskLimits))).")
    var consumers = NumberArgument(defaults.consumers)

    @Option(parsing: .unconditional, help: "Items per second each producer makes (\(range(ScenarioSettings.rateLimits))).")
    var rate = NumberArgument(defaults.rate)

    /// Optional, so `demo --speed 20` (which the root command parses, as it has the same
    /// option) can tell it was given; its range is the command's (demo allows more than 10x).
    @Option(parsing: .unconditional, help: "Simulation speed, simulated seconds per second (\(range(ScenarioSettings.speedLimits)), default 1).")
    var speed: NumberArgument<Double>?

    @Option(parsing: .unconditional, help: "Seed for every random choice, so a run can be replayed (\(range(seedLimits))).")
    var seed = NumberArgument(defaults.seed)

    @Option(parsing: .unconditional, help: "Seconds finished tasks stay listed (\(range(ScenarioSettings.retentionLimits))).")
    var retention = NumberArgument(10.0)

    @Option(parsing: .unconditional, help: "Percent of jobs whose work fails (\(range(ScenarioSettings.failureLimits))).")
    var failures = NumberArgument(defaults.failurePercent)

    static let seedLimits = UInt64.min...UInt64.max

    /// The flags with their help, as the dashboard's `--help` lists them: for the help of the
    /// commands that take them too (`snapshot`). Narrower than the help they go into, which
    /// wraps them again at 80 columns.
    static var flagList: String {
        let lines = helpMessage(columns: 76).split(separator: "\n", omittingEmptySubsequences: false)
        let options = lines.drop { !$0.hasSuffix("OPTIONS:") }.dropFirst()
        return options.filter { !$0.isEmpty && !$0.contains("--help") }.joined(separator: "\n")
    }

    static func range<Number: RangedNumber>(_ limits: ClosedRange<Number>) -> String {
        "\(Number.display(limits.lowerBound))-\(Number.display(limits.upperBound))"
    }

    /// Every flag but `--speed`, checked while parsing, whichever command follows.
    func validate() throws {
        _ = try settings(speed: Self.defaults.speed)
    }

    /// The settings for the dashboard and `snapshot`, `--speed` checked against the dashboard's range.
    func validatedSettings() throws -> ScenarioSettings {
        try settings(speed: speed?.value(of: "--speed", within: ScenarioSettings.speedLimits) ?? Self.defaults.speed)
    }

    private func settings(speed: Double) throws -> ScenarioSettings {
        var settings = ScenarioSettings()
        settings.workers = try workers.value(of: "--workers", within: ScenarioSettings.workerLimits)
        settings.permits = try permits.value(of: "--permits", within: ScenarioSettings.permitLimits)
        settings.capacity = try capacity.value(of: "--capacity", within: ScenarioSettings.capacityLimits)
        settings.producers = try producers.value(of: "--producers", within: ScenarioSettings.pipelineTaskLimits)
        settings.consumers = try consumers.value(of: "--consumers", within: ScenarioSettings.pipelineTaskLimits)
        settings.rate = try rate.value(of: "--rate", within: ScenarioSettings.rateLimits)
        settings.speed = speed
        settings.seed = try seed.value(of: "--seed", within: Self.seedLimits)
        let retentionSeconds = try retention.value(of: "--retention", within: ScenarioSettings.retentionLimits)
        settings.retention = .milliseconds(Int64(retentionSeconds * 1000))
        settings.failurePercent = try failures.value(of: "--failures", within: ScenarioSettings.failureLimits)
        return settings
    }
}
