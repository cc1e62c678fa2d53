import ArgumentParser
import Foundation
import LogTail

/// How the program ends on an error from parsing or running a command: `--help` and `--version`
/// print in full and exit 0, as ArgumentParser's `exit(withError:)` does; anything else is one
/// line on standard error, display-safe and at most `lineLimit` characters, and a non-zero status.
enum CommandLineFailure {
    /// Long enough for every message of ours; ArgumentParser's own repeat what was typed whole.
    static let lineLimit = 300

    /// The status and the text to print: on standard output for a help or version request (status
    /// 0), else the one line for standard error (nil when there is nothing to say, as for an
    /// `ExitCode` thrown after its message was written).
    static func report(for error: any Error) -> (status: Int32, output: String?, errorLine: String?) {
        let status = AsyncDemoTUI.exitCode(for: error).rawValue
        if status == 0 { return (0, AsyncDemoTUI.fullMessage(for: error), nil) }
        let message = AsyncDemoTUI.message(for: error)
        guard !message.isEmpty else { return (status, nil, nil) }
        return (status, nil, line(for: message))
    }

    /// `Error: ` and the message with every control character made visible (a newline too, so it
    /// stays one line), cut to `lineLimit` scalars.
    static func line(for message: String) -> String {
        let safe = DisplaySafety.sanitize(Array(message.utf8)).unicodeScalars
        let cut = safe.count > lineLimit ? String(String.UnicodeScalarView(safe.prefix(lineLimit))) + "..." : String(safe)
        return "Error: " + cut
    }

    static func exit(reporting error: any Error) -> Never {
        let report = report(for: error)
        if let output = report.output { print(output) }
        if let line = report.errorLine { StandardError.write(line + "\n") }
        Foundation.exit(report.status)
    }
}
