/// How durations, rates and speeds read on screen and in the activity log.
public enum Format {
    /// "0.4s", "12.3s", "2m05s", "1h02m".
    public static func seconds(_ duration: Duration) -> String {
        let tenths = max(0, duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000)
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10)s" }
        let seconds = tenths / 10
        if seconds < 3600 { return "\(seconds / 60)m\(two(seconds % 60))s" }
        return "\(seconds / 3600)h\(two(seconds / 60 % 60))m"
    }

    /// "0.1", "2.5", "3", "1000": no trailing ".0".
    public static func rate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// "×0.25", "×1", "×10".
    public static func speed(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return "×" + (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded))
    }

    /// "2.5", "3.0", "12.0": always one decimal, as `String(format: "%.1f")` gives without
    /// needing Foundation (halves round away from zero).
    public static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        let tenths = Int((value * 10).rounded())
        return (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    private static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
