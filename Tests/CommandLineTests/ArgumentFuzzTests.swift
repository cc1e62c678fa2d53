import ArgumentParser
import Foundation
import TestSupport
import Testing
@testable import asyncdemo_tui

/// Every option of every subcommand given seeded values (empty, signs, exponents, NaN,
/// infinities, huge, Unicode, escape bytes), parsed in-process as `main` parses them. Each
/// command line is either accepted with a value inside the option's range, or refused with a
/// non-zero status and one display-safe line; a crash would end the test run. A whole command
/// line takes ArgumentParser about 15 ms in a debug build, so those are 1,110 cases (30 per
/// option); the numbers themselves get five thousand values per range.
///
/// The loops are synchronous work on the test runner's cooperative threads (two here): they yield
/// after every few cases so the other targets' tests, waiting on deadlines, still get a thread.
@Suite("Command-line parsers under random values", .serialized)
struct ArgumentFuzzTests {
    /// Where the value goes in a command line, and what range an accepted value must be in.
    struct Target: CustomStringConvertible, Sendable {
        enum Kind: Sendable { case count(ClosedRange<Int>), seed, real(ClosedRange<Double>), text }
        let arguments: @Sendable (String) -> [String]
        let flag: String
        let kind: Kind
        var description: String { arguments("V").joined(separator: " ") }
    }

    static let targets: [Target] = {
        func option(_ prefix: [String], _ flag: String, _ kind: Target.Kind, suffix: [String] = []) -> Target {
            Target(arguments: { prefix + [flag, $0] + suffix }, flag: flag, kind: kind)
        }
        func positional(_ prefix: [String], _ name: String, suffix: [String] = []) -> Target {
            Target(arguments: { prefix + [$0] + suffix }, flag: name, kind: .text)
        }
        let scenario: [(String, Target.Kind)] = [
            ("--workers", .count(0...10_000)), ("--permits", .count(1...1_000)), ("--capacity", .count(1...10_000)),
            ("--producers", .count(0...100)), ("--consumers", .count(0...100)), ("--rate", .real(0.1...1_000)),
            ("--speed", .real(0.1...10)), ("--seed", .seed), ("--retention", .real(0...3_600)),
            ("--failures", .count(0...100)),
        ]
        var targets = scenario.map { option([], $0.0, $0.1) }
        targets += scenario.map { option(["snapshot"], $0.0, $0.1, suffix: ["-o", "-"]) }
        targets += [
            option([], "--fps", .count(1...240)),
            option([], "--follow", .text), option([], "--log-file", .text),
            option(["snapshot"], "--after", .real(0...3_600), suffix: ["-o", "-"]),
            option(["snapshot"], "--size", .text, suffix: ["-o", "-"]),
            option(["snapshot"], "--keys", .text, suffix: ["-o", "-"]),
            option(["snapshot"], "--scene", .text, suffix: ["-o", "-"]),
            option(["snapshot"], "--format", .text, suffix: ["-o", "-"]),
            option(["snapshot"], "-o", .text),
            option(["demo", "basics"], "--speed", .real(0.1...1_000)),
            option(["demo"], "--speed", .real(0.1...1_000), suffix: ["basics"]),
            option(["demo", "basics"], "--file-mb", .count(1...10_000)),
            positional(["demo"], "LESSON"), positional(["demo", "basics"], "EXAMPLE"),
            option(["tail"], "-n", .text, suffix: ["file"]),
            positional(["tail"], "FILE"),
        ]
        return targets
    }()

    /// Names ArgumentParser answers with help or a version (status 0) wherever they appear.
    static let builtInNames: Set<String> = ["-h", "--help", "--version", "--experimental-dump-help",
                                            "--generate-completion-script", "-help"]

    static let corpus: [String] = [
        "", " ", "-", "+", "--", "-0", "+0", "0", "00", "-1", "+1", "1", "5 ", " 5", "1.", ".5", "-.5", "1_000", "1,000",
        "nan", "NaN", "-nan", "+nan", "snan", "inf", "-inf", "+inf", "infinity", "-Infinity", "1e308", "1e309",
        "-1e308", "1e-300", "4.9e-324", "1e", "e5", "1e+", "0x10", "0x1p3", "0x1p-1074", "0b101", "0o7",
        "99999999999999999999999", "-99999999999999999999999", "18446744073709551615", "18446744073709551616",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "10000000000000", "0.000001",
        "٥", "５", "5\u{0301}", "\u{202E}5", "5\u{1B}[2J", "\u{1B}]2;PWNED\u{07}", "x\u{1B}]2;PWNED\u{07}\u{1B}[2J.log",
        "\u{7F}", "\u{9B}31m", "\u{85}", "\n", "5\n6", "\t", "\u{FEFF}5", "5\u{200B}", "🙂", "漢字", "\u{FFFD}",
        String(repeating: "9", count: 10_000), "1" + String(repeating: "\u{0301}", count: 5_000),
        String(repeating: "\u{1B}[2J", count: 500),
    ]

    static func randomValue(using random: inout SeededRandom) -> String {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return corpus.randomElement(using: &random)!
        case 1, 2: return randomNumber(using: &random)
        case 3: return randomScalars(using: &random)
        default: return randomNumber(using: &random) + randomScalars(using: &random)
        }
    }

    static func randomNumber(using random: inout SeededRandom) -> String {
        var text = ["", "", "+", "-", "--", "+-"].randomElement(using: &random)!
        text += digits(Int.random(in: 0...40, using: &random), using: &random)
        if random.chance(40) { text += "." + digits(Int.random(in: 0...20, using: &random), using: &random) }
        if random.chance(30) {
            text += ["e", "E", "e+", "e-", "E-"].randomElement(using: &random)!
            text += digits(Int.random(in: 0...5, using: &random), using: &random)
        }
        return text
    }

    static func digits(_ count: Int, using random: inout SeededRandom) -> String {
        String((0..<count).map { _ in "0123456789".randomElement(using: &random)! })
    }

    /// Printable ASCII, controls and escape bytes, C1, bidi and zero-width marks, combining
    /// marks, wide characters, emoji, other scripts' digits.
    static func randomScalars(using random: inout SeededRandom) -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x01...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069,
                                           0x200B...0x200F, 0x0300...0x036F, 0x4E00...0x4E80, 0x1F600...0x1F64F,
                                           0x0660...0x0669, 0xFF10...0xFF19, 0xFFF9...0xFFFD]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...24, using: &random) {
            let pool = pools.randomElement(using: &random)!
            scalars.append(Unicode.Scalar(UInt32.random(in: pool, using: &random))!)
        }
        return String(scalars)
    }

    /// Whether a typed value is inside `kind`'s range, decided without the code under test:
    /// counts are decimal digits with at most a `+`, reals what Swift's Double reads, unsigned.
    static func accepts(_ value: String, as kind: Target.Kind) -> Bool? {
        let digitsOnly = { (text: Substring) in !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }
        let unsigned = value.hasPrefix("+") ? value.dropFirst() : Substring(value)
        switch kind {
        case .count(let range):
            guard digitsOnly(unsigned), let number = Int(unsigned) else { return false }
            return range.contains(number)
        case .seed:
            return digitsOnly(unsigned) && UInt64(unsigned) != nil
        case .real(let range):
            guard !value.hasPrefix("-"), let number = Double(value) else { return false }
            return range.contains(number)
        case .text:
            return nil
        }
    }

    static let casesPerTarget = 30

    @Test func every_option_accepts_in_range_or_refuses_in_one_safe_line() async throws {
        var random = SeededRandom(seed: 13)
        var refused = 0
        var accepted = 0
        for target in Self.targets {
            var values = Array(Self.corpus.shuffled(using: &random).prefix(Self.casesPerTarget * 3 / 5))
            while values.count < Self.casesPerTarget { values.append(Self.randomValue(using: &random)) }
            for value in values where !Self.builtInNames.contains(value) {
                await Task.yield()
                let arguments = target.arguments(value)
                let shown = EchoedValue.quoted(value)
                do {
                    let command = try AsyncDemoTUI.parseChecked(arguments)
                    // ArgumentParser reads a value like `-9h` as a cluster of short options holding
                    // -h, and answers with the help: status 0, nothing refused.
                    guard command is AsyncDemoTUI || command is SnapshotCommand || command is DemoCommand
                        || command is TailCommand else {
                        #expect(value.hasPrefix("-") && value.contains("h"), "\(target) with \(shown): \(type(of: command))")
                        continue
                    }
                    accepted += 1
                    if let expected = Self.accepts(value, as: target.kind) {
                        #expect(expected, "\(target) accepted \(shown), outside its range")
                    }
                } catch {
                    refused += 1
                    let report = CommandLineFailure.report(for: error)
                    #expect(report.status != 0, "\(target) with \(shown): status 0")
                    #expect(report.output == nil, "\(target) with \(shown): printed help")
                    guard let line = report.errorLine else {
                        Issue.record("\(target) with \(shown): refused without a word")
                        continue
                    }
                    #expect(Self.isOneSafeLine(line), "\(target) with \(shown): \(line.debugDescription)")
                    // `--` ends the options: the flag is then missing its value, a different refusal.
                    if value != "--", let expected = Self.accepts(value, as: target.kind) {
                        #expect(!expected, "\(target) refused \(shown), inside its range: \(line)")
                        #expect(line.contains(target.flag) && line.contains("between"),
                                "\(target) with \(shown) does not state the range: \(line)")
                    }
                }
            }
        }
        #expect(accepted > 150 && refused > 700, "accepted \(accepted), refused \(refused)")
    }

    /// The numbers alone, as every option of ours reads its value: five thousand seeded values for
    /// each range, against the independent reading in `accepts`.
    @Test func every_number_is_in_its_range_or_refused_with_the_range() async {
        var random = SeededRandom(seed: 1313)
        let ranges: [(String, Target.Kind)] = [
            ("--workers", .count(0...10_000)), ("--permits", .count(1...1_000)), ("--fps", .count(1...240)),
            ("--file-mb", .count(1...10_000)), ("--seed", .seed), ("--rate", .real(0.1...1_000)),
            ("--speed", .real(0.1...10)), ("--after", .real(0...3_600)),
        ]
        var cases = 0
        for (flag, kind) in ranges {
            var values = Self.corpus
            while values.count < 5_000 { values.append(Self.randomValue(using: &random)) }
            for value in values {
                cases += 1
                if cases % 50 == 0 { await Task.yield() }
                let accepted: Bool
                let line: String?
                do {
                    switch kind {
                    case .count(let range): _ = try NumberArgument<Int>(argument: value).value(of: flag, within: range)
                    case .seed: _ = try NumberArgument<UInt64>(argument: value).value(of: flag, within: ScenarioOptions.seedLimits)
                    case .real(let range): _ = try NumberArgument<Double>(argument: value).value(of: flag, within: range)
                    case .text: continue
                    }
                    accepted = true
                    line = nil
                } catch let error as ValidationError {
                    accepted = false
                    // What `report(for:)` makes of a ValidationError, without ArgumentParser
                    // building a usage text per case (milliseconds each).
                    line = CommandLineFailure.line(for: error.message)
                } catch {
                    Issue.record("\(flag) \(EchoedValue.quoted(value)): \(error)")
                    continue
                }
                #expect(accepted == Self.accepts(value, as: kind), "\(flag) \(EchoedValue.quoted(value)): accepted \(accepted)")
                if let line {
                    #expect(Self.isOneSafeLine(line) && line.hasPrefix("Error: \(flag) must be between "), "\(line.debugDescription)")
                }
            }
        }
        #expect(cases == 40_000)
    }

    /// One line: no newline, nothing a terminal acts on, short whatever was typed.
    static func isOneSafeLine(_ line: String) -> Bool {
        let unsafe = line.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
        return !unsafe && line.unicodeScalars.count <= CommandLineFailure.lineLimit + 20
    }

    @Test(arguments: [
        (["--workers", "-1"], "Error: --workers must be between 0 and 10000, got '-1'"),
        (["--workers", "-0"], "Error: --workers must be between 0 and 10000, got '-0'"),
        (["--workers", "-inf"], "Error: --workers must be between 0 and 10000, got '-inf'"),
        (["--workers", "5\u{1B}[2J"], "Error: --workers must be between 0 and 10000, got '5'$'\\033''[2J'"),
        (["--speed", "20"], "Error: --speed must be between 0.1 and 10, got '20'"),
        (["demo", "basics", "--speed", "0.000001"], "Error: --speed must be between 0.1 and 1000, got '0.000001'"),
        (["demo", "basics", "--file-mb", "10000000000000"], "Error: --file-mb must be between 1 and 10000, got '10000000000000'"),
        (["snapshot", "--after", "-1", "-o", "-"], "Error: --after must be between 0 and 3600, got '-1'"),
        (["--permits", String(repeating: "7", count: 1_000)],
         "Error: --permits must be between 1 and 1000, got '\(String(repeating: "7", count: 40))'... (1000 bytes)"),
        (["--bogus\u{1B}]2;x\u{07}"], "Error: Unknown option '--bogus^[]2;x^G'"),
    ])
    func a_bad_value_is_refused_with_its_range_quoted_and_cut(arguments: [String], line: String) {
        #expect(throws: (any Error).self) { try AsyncDemoTUI.parseChecked(arguments) }
        do {
            _ = try AsyncDemoTUI.parseChecked(arguments)
        } catch {
            #expect(CommandLineFailure.report(for: error).errorLine == line)
        }
    }

    @Test func version_still_prints_with_status_0() {
        do {
            _ = try AsyncDemoTUI.parseChecked(["--version"])
            Issue.record("--version parsed as a command")
        } catch {
            let report = CommandLineFailure.report(for: error)
            #expect(report.status == 0 && report.errorLine == nil)
            #expect(report.output == AsyncDemoTUI.configuration.version)
        }
    }
}
