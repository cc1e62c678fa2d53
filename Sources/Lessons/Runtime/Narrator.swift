import Foundation

/// Writes the transcript: one timestamped line per event, in lesson time, as the Python scripts
/// printed them (`[  2.00s] job A done`).
public struct Narrator: Sendable {
    private let clock: LessonClock
    private let sink: @Sendable (String) -> Void

    /// - Parameter sink: receives each finished line without its newline.
    public init(clock: LessonClock, sink: @escaping @Sendable (String) -> Void) {
        self.clock = clock
        self.sink = sink
    }

    public func say(_ text: String) {
        sink("[\(Self.stamp(clock.elapsed))] \(text)")
    }

    /// A heading line without a timestamp, for the start of an example.
    public func heading(_ text: String) {
        sink("== \(text) ==")
    }

    /// `  2.00s`: seconds with two decimals, padded so a transcript's columns line up.
    public static func stamp(_ duration: Duration) -> String {
        let text = seconds(duration)
        return String(repeating: " ", count: max(0, 6 - text.count)) + text + "s"
    }

    /// `2.00`: a duration in seconds, two decimals.
    public static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f", duration.inSeconds)
    }
}

extension Duration {
    /// This duration as a floating-point number of seconds.
    public var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
