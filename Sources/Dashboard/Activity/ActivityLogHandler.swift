import Simulation
import AsyncDemoCore
import Foundation
import Logging

/// A swift-log handler that writes each event as one timestamped line to the activity log,
/// e.g. `00:01:02.345 warning cancelled #12` (simulated time; wall-clock time with `now:`).
public struct ActivityLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let file: ActivityLogFile
    private let stamp: @Sendable () -> String

    public init(file: ActivityLogFile, now: @escaping @Sendable () -> Date = Date.init) {
        self.file = file
        stamp = { Self.timestamp(now()) }
    }

    /// Lines stamped with the simulation's time since its start (`00:01:02.345`) rather than the
    /// wall clock, as the Log pane shows them: a run reads the same whenever it ran.
    public init(file: ActivityLogFile, simulation clock: SimulationClock) {
        self.file = file
        stamp = { ActivityLine.stamp(clock.now) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        file.append(Self.line(stamp: stamp(), level: event.level, message: "\(event.message)",
                              metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }

    static func line(time: Date, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        line(stamp: timestamp(time), level: level, message: message, metadata: metadata)
    }

    static func line(stamp: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        ActivityLine.text(stamp: stamp, level: level.rawValue, message: ActivityLine.message(message, metadata: metadata))
    }

    public static func timestamp(_ date: Date) -> String {
        var components = Calendar(identifier: .gregorian).dateComponents(in: .current, from: date)
        components.nanosecond = components.nanosecond.map { $0 / 1_000_000 }
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(components.year, 4))-\(pad(components.month, 2))-\(pad(components.day, 2)) "
            + "\(pad(components.hour, 2)):\(pad(components.minute, 2)):\(pad(components.second, 2)).\(pad(components.nanosecond, 3))"
    }
}
