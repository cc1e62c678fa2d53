import AsyncDemoCore
import Logging

/// How an activity-log line reads in the Log pane: simulated time since the start, the level,
/// the message, e.g. `00:01:02.345 info  permit granted to w3 (#3) after 0.40 s`.
public enum ActivityLine {
    /// The message with its metadata after it, sorted by key: `permit granted worker=3`.
    public static func message(_ message: String, metadata: Logger.Metadata) -> String {
        message + metadata.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
    }

    public static func text(at instant: SimulationInstant, level: String, message: String) -> String {
        text(stamp: stamp(instant), level: level, message: message)
    }

    /// The level is written whole (`warning`, so `grep warning` finds it), padded to five
    /// columns so the messages of `info` and `error` lines line up.
    public static func text(stamp: String, level: String, message: String) -> String {
        "\(stamp) \(level)\(String(repeating: " ", count: max(0, 5 - level.count))) \(message)"
    }

    public static func stamp(_ instant: SimulationInstant) -> String {
        let milliseconds = max(0, instant.nanoseconds / 1_000_000)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let seconds = milliseconds / 1000
        return "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(milliseconds % 1000, 3))"
    }
}
