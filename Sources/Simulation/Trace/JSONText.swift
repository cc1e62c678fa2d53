/// Pieces of JSON text written by hand, for output too large to build as objects first.
enum JSONText {
    /// `text` as a JSON string, quotes included: quotes, backslashes and control characters
    /// escaped, everything else as its UTF-8.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20 || control.value == 0x7f:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Nanoseconds as the trace format's microseconds, exact to the nanosecond (`1234.567`).
    static func microseconds(_ nanoseconds: Int64) -> String {
        let nanoseconds = max(0, nanoseconds)
        let fraction = String(nanoseconds % 1000)
        return "\(nanoseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
