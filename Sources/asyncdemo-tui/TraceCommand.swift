import ArgumentParser
import Dashboard
import LogTail
import Simulation

/// A recording (`--record FILE`) as a Chrome trace-event file, for Perfetto or chrome://tracing.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Turn a recording into a trace file that Perfetto and chrome://tracing open.",
        discussion: """
            A track per task, grouped by kind; a slice for each stretch of a task's life, named for \
            what it was doing; flow arrows from each parent to the child it spawned; counters for the \
            queue's depth and the permits. Open the file at https://ui.perfetto.dev (Open trace file) \
            or in chrome://tracing (Load). A damaged recording gives the trace of the events before \
            the damage, a line saying where it stopped, and status 1.
            Example:
              asyncdemo-tui snapshot --after 60 --record run.jsonl -o /dev/null
              asyncdemo-tui trace run.jsonl -o trace.json
            """
    )

    @Argument(help: ArgumentHelp("The recording to read (never written to).", valueName: "recording"))
    var recording: String

    @Option(name: .shortAndLong, help: "Where to write the trace JSON; - for standard output.")
    var output: String

    func run() async throws {
        do {
            let outcome = try await TraceExport.run(recordingPath: recording, output: output)
            for note in outcome.notes { StandardError.write("\(AppInfo.name) trace: \(note)\n") }
            if !outcome.readWhole { throw ExitCode(1) }
        } catch let refusal as RecordingRefusal {
            StandardError.write("\(AppInfo.name) trace: \(refusal.description)\n")
            throw ExitCode(1)
        }
    }
}
