import ArgumentParser
import LogTail

/// `tail -n`'s value as GNU tail reads it: `N` or `-N` the last N lines, `+N` from line N on
/// (`+0` and `+1` the whole file). A count too large for a number means every line, as in GNU tail.
/// Reading never fails, so anything else is refused by `start()` in one line, not by the parser.
struct TailLineCount: ExpressibleByArgument, Sendable {
    let text: String

    init(argument: String) { text = argument }

    init(lastLines count: Int) { text = String(count) }

    var defaultValueDescription: String { text }

    func start() throws -> FollowOptions.StartPosition {
        var digits = Substring(text)
        let sign = digits.first.flatMap { $0 == "+" || $0 == "-" ? $0 : nil }
        if sign != nil { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError("-n must be N or -N (the last N lines) or +N (from line N on), got \(EchoedValue.quoted(text))")
        }
        let count = Int(digits) ?? Int.max
        return sign == "+" ? .fromLine(count) : .lastLines(count)
    }
}
