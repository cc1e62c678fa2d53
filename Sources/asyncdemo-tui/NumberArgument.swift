import ArgumentParser
import LogTail

/// A number as the user typed it, checked against its flag's range only by `value(of:within:)`.
/// Reading it never fails, so whatever was typed (`-1`, `-inf`, `1e308`, twenty nines, text) is
/// refused in one line that names the range, instead of the parser's "Missing value" for a value
/// starting with `-` or its "invalid value" that says nothing of what is allowed. Options of this
/// type are declared with `parsing: .unconditional`, so the next word is the value even when it
/// starts with `-`.
struct NumberArgument<Number: RangedNumber>: ExpressibleByArgument, Sendable {
    let text: String

    init(argument: String) { text = argument }

    init(_ number: Number) { text = Number.display(number) }

    var defaultValueDescription: String { text }

    /// The number, or a one-line `ValidationError` naming `flag`, its range and (quoted, cut to a
    /// sane length) what was typed. No range here goes below zero, so a `-` sign is refused too:
    /// `-0` is no way to write a count.
    func value(of flag: String, within limits: ClosedRange<Number>) throws -> Number {
        if !text.hasPrefix("-"), let number = Number(commandLine: text), limits.contains(number) {
            return number
        }
        throw ValidationError(
            "\(flag) must be \(Number.describe(limits)), got \(EchoedValue.quoted(text))")
    }
}

/// The numbers the command line takes: integers in plain decimal (`+` allowed), or doubles as
/// Swift reads them (`1e3`, `0x1p3`; `nan` and `inf` parse, and no range holds them).
protocol RangedNumber: Comparable, Sendable {
    init?(commandLine text: String)
    static func display(_ number: Self) -> String
}

extension RangedNumber {
    static func describe(_ limits: ClosedRange<Self>) -> String {
        "between \(display(limits.lowerBound)) and \(display(limits.upperBound))"
    }
}

extension Int: RangedNumber {
    init?(commandLine text: String) { self.init(text, radix: 10) }
    static func display(_ number: Int) -> String { String(number) }
}

extension UInt64: RangedNumber {
    init?(commandLine text: String) { self.init(text, radix: 10) }
    static func display(_ number: UInt64) -> String { String(number) }
}

extension Double: RangedNumber {
    init?(commandLine text: String) { self.init(text) }

    /// `10`, not `10.0`: the ranges read as they are written in the help and the README.
    static func display(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// A value the user typed, as an error message repeats it: shell-quoted so no escape byte reaches
/// the terminal, and cut to its first `limit` scalars (not characters: one character can hold
/// thousands of combining marks) so a megabyte of argument is still a short line.
enum EchoedValue {
    static let limit = 40

    static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return ShellQuoting.quoted(text) }
        let start = String(String.UnicodeScalarView(scalars.prefix(limit)))
        return ShellQuoting.quoted(start) + "... (\(text.utf8.count) bytes)"
    }
}
