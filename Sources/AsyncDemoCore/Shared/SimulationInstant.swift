/// A point in a run's time, measured from the moment the run started: simulated time for the
/// simulation, the time since the first reading for `TimeSource.system`. Its own type, so the
/// compiler tells the simulation's instants from the terminal's real ones (`ContinuousClock`),
/// and it encodes as whole nanoseconds, the event log's and the recording's time stamp.
public struct SimulationInstant: InstantProtocol, Hashable, Sendable, Codable {
    public typealias Duration = Swift.Duration

    /// Simulated time elapsed since the start.
    public let sinceStart: Duration

    public init(sinceStart: Duration) {
        self.sinceStart = sinceStart
    }

    /// The instant the run started.
    public static let start = SimulationInstant(sinceStart: .zero)

    public func advanced(by duration: Duration) -> SimulationInstant {
        SimulationInstant(sinceStart: sinceStart + duration)
    }

    public func duration(to other: SimulationInstant) -> Duration {
        other.sinceStart - sinceStart
    }

    public static func + (lhs: SimulationInstant, rhs: Duration) -> SimulationInstant { lhs.advanced(by: rhs) }

    public static func - (lhs: SimulationInstant, rhs: Duration) -> SimulationInstant { lhs.advanced(by: .zero - rhs) }

    /// How long after `rhs` the instant `lhs` comes.
    public static func - (lhs: SimulationInstant, rhs: SimulationInstant) -> Duration { rhs.duration(to: lhs) }

    public static func < (lhs: SimulationInstant, rhs: SimulationInstant) -> Bool {
        lhs.sinceStart < rhs.sinceStart
    }

    /// Whole nanoseconds since the start: encoded as one integer, exact, in any language.
    public var nanoseconds: Int64 {
        let parts = sinceStart.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }

    public init(from decoder: any Decoder) throws {
        self.init(sinceStart: .nanoseconds(try decoder.singleValueContainer().decode(Int64.self)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanoseconds)
    }
}
