import AsyncDemoCore

/// The first line of a recording (and, later, of a stream from another program): what wrote it,
/// in which format, and what a reader needs to fold the events that follow from the run's start.
/// JSON, one object on one line; every field added later is optional, so an older reader of the
/// same `formatVersion` skips what it does not know.
///
///     {"format":"asyncdemo-tui recording","formatVersion":1,"programVersion":"0.1.0","seed":1,
///      "settings":{...},"start":{"permits":3,"queueCapacity":16}}
public struct RecordingHeader: Sendable, Equatable, Codable {
    /// What `format` says in every recording: a file without it is not one.
    public static let marker = "asyncdemo-tui recording"

    /// Always `marker`.
    public var format: String
    /// The events' encoding (`SimulationEvent.formatVersion`); a reader refuses a newer one.
    public var formatVersion: Int
    /// The version of the program that wrote the recording.
    public var programVersion: String
    /// The scenario's seed, when the events come from the default scenario.
    public var seed: UInt64?
    /// How the run was made (workers, permits, producers, rate, ...): with the seed, enough to
    /// run it again. Nothing of the terminal is in it.
    public var settings: ScenarioSettings?
    /// What the folds start from before the first event.
    public var start: StartState
    /// The program whose events these are, and its process id: for a stream from another
    /// program attached to; nil in a recording of this one.
    public var program: String?
    public var pid: Int32?

    /// The state a reader's folds (`PermitsFold`, `QueueFold`) begin with.
    public struct StartState: Sendable, Equatable, Codable {
        public var permits: Int
        public var queueCapacity: Int

        public init(permits: Int, queueCapacity: Int) {
            self.permits = permits
            self.queueCapacity = queueCapacity
        }
    }

    public init(programVersion: String, seed: UInt64?, settings: ScenarioSettings?, start: StartState,
                program: String? = nil, pid: Int32? = nil) {
        format = Self.marker
        formatVersion = SimulationEvent.formatVersion
        self.programVersion = programVersion
        self.seed = seed
        self.settings = settings
        self.start = start
        self.program = program
        self.pid = pid
    }

    /// The header of a recording of the default scenario made with `settings`.
    public init(programVersion: String, settings: ScenarioSettings) {
        self.init(programVersion: programVersion, seed: settings.seed, settings: settings,
                  start: StartState(permits: settings.permits, queueCapacity: settings.capacity))
    }
}
