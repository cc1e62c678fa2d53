import ArgumentParser
import Dashboard
import Simulation
import AsyncDemoCore
import Foundation
import TerminalKit

/// Renders the dashboard without a terminal, as text, ANSI or SVG: for screenshots, docs and CI.
struct SnapshotCommand: AsyncParsableCommand, CheckedBeforeRun {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render the dashboard without a terminal and write the screen to a file.",
        discussion: """
            Runs the default scenario on a stepped clock for --after simulated seconds (as fast as the \
            machine allows; the same seed and keys give the same picture, byte for byte, but in the \
            scenes streams/system and files/large-file, which show this machine's own figures), presses \
            --keys, then renders. The dashboard's own options apply too, before or after `snapshot`:
            \(ScenarioOptions.flagList)
              --follow <file>, --no-color, --record <file>, --trace <file>
            --record writes the run's events up to the rendered instant (not the shutdown after it).
            Examples:
              asyncdemo-tui snapshot --after 8 -o dashboard.svg
              asyncdemo-tui snapshot --after 8 --keys 'jj<Enter>' -o task-detail.svg
              asyncdemo-tui snapshot --scene basics/concurrent --after 7 -o scene-basics.svg
              asyncdemo-tui snapshot --after 3600 --record hour.jsonl -o /dev/null
              asyncdemo-tui snapshot --replay hour.jsonl --after 1800 -o half-past.txt
            """
    )

    @Option(help: "Screen size as COLUMNSxROWS.")
    var size = "100x30"

    @Option(parsing: .unconditional, help: "Simulated seconds to run the scenario before rendering (\(ScenarioOptions.range(afterLimits))).")
    var after = NumberArgument(0.0)

    static let afterLimits = 0.0...3_600.0

    @Option(help: ArgumentHelp(
        "Keys to press before rendering, e.g. 's<Wait:2>jj<Enter>'; named keys: <Enter> <Esc> <Space> <Up> <Down> <Left> <Right> <Tab> <Delete>; <Wait:SECONDS> lets simulated time pass (0-3600).",
        valueName: "keys"))
    var keys = ""

    @Option(help: ArgumentHelp(
        "A lesson scene to start before the clock runs, as LESSON/EXAMPLE or LESSON (its first example); see `demo --list`.",
        valueName: "lesson/example"))
    var scene: String?

    @Option(help: ArgumentHelp(
        "Render a recording (made with --record) at --after instead of running the scenario; keys act as in a replay.",
        valueName: "recording"))
    var replay: String?

    @Option(help: ArgumentHelp(
        "Attach to the probe listening at this socket instead of running the scenario, and render after --after real seconds of its stream.",
        valueName: "socket"))
    var attach: String?

    @Option(help: "Output format: text, ansi or svg (default: from the file extension, else text).")
    var format: String?

    @Option(name: .shortAndLong, help: "Where to write the snapshot; - for standard output.")
    var output: String

    /// --follow, --no-color, --record and --trace are the dashboard's own options, given before or
    /// after `snapshot`.
    @ParentCommand var dashboard: AsyncDemoTUI

    func validate() throws {
        guard parsedSize != nil else {
            throw ValidationError("--size must look like 100x30 (columns x rows, each 1 to \(Size.largestParsedSide)), got \(EchoedValue.quoted(size))")
        }
        _ = try after.value(of: "--after", within: Self.afterLimits)
        guard HeadlessRun.parseKeys(keys) != nil else {
            throw ValidationError("--keys names an unknown key or a wait out of range in \(EchoedValue.quoted(keys)); named keys are <Enter> <Esc> <Space> <Up> <Down> <Left> <Right> <Tab> <Delete>, and <Wait:SECONDS> takes 0 to 3600")
        }
        if let scene, LessonPick(named: scene, run: 1) == nil {
            throw ValidationError("--scene names no lesson example: \(EchoedValue.quoted(scene)); see `\(AppInfo.name) demo --list`")
        }
        if replay != nil, scene != nil {
            throw ValidationError("--replay and --scene cannot go together: a replay shows what was recorded")
        }
        if attach != nil, replay != nil || scene != nil || !keys.isEmpty {
            throw ValidationError("--attach shows another program live: --replay, --scene and --keys do not go with it")
        }
        if let format, ScreenExport.Format(rawValue: format) == nil {
            throw ValidationError("--format must be one of text, ansi, svg; got \(EchoedValue.quoted(format))")
        }
    }

    func checkBeforeRun() throws {
        _ = try dashboard.scenario.validatedSettings()
    }

    private var parsedSize: Size? { Size(parsing: size) }

    private var resolvedFormat: ScreenExport.Format {
        if let format, let chosen = ScreenExport.Format(rawValue: format) { return chosen }
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "svg": return .svg
        case "ans", "ansi": return .ansi
        default: return .text
        }
    }

    /// The log feed's first settled snapshot (its initial read, or a notice), within 5 seconds.
    static func firstLogSnapshot(of path: String) async -> LogSnapshot? {
        let feed = LogFeed(path: path)
        let following = Task { await feed.run() }
        defer { following.cancel() }
        let deadline = ContinuousClock.now + .seconds(5)
        var latest: LogSnapshot?
        for await snapshot in feed.snapshots {
            latest = snapshot
            if snapshot.status != .starting || ContinuousClock.now > deadline { break }
        }
        return latest
    }

    /// A stepped run is as fast as the machine: past a quarter of the event log unwritten, it
    /// waits for the recording, so the log never drops what the file has not yet got. (After a
    /// restart the new log numbers from 1 again, below what was recorded: the writer ends then.)
    private static func keepUp(_ writer: RecordingWriter, with log: EventLog) async {
        let recorded = writer.recorded
        if log.sequence > recorded, log.sequence - recorded > UInt64(log.capacity / 4) {
            await writer.catchUpAndWait(log)
        } else {
            writer.catchUp(log)
        }
    }

    func run() async throws {
        guard let size = parsedSize, let pressed = HeadlessRun.parseKeys(keys) else { throw ExitCode(2) }
        if let attach {
            // The scenario's options were ignored without a word: another program takes none.
            if try AttachCommand.refusesRunOptions(dashboard) {
                StandardError.write("\(AppInfo.name) snapshot: --\(AttachCommand.runOptionsRefusal)\n")
                throw ExitCode(1)
            }
            let after = try after.value(of: "--after", within: Self.afterLimits)
            let recording: AttachRecording?
            do {
                recording = try AttachCommand.recording(dashboard)
            } catch {
                StandardError.write("\(AppInfo.name) snapshot: \(error.description)\n")
                throw ExitCode(1)
            }
            let feed: AttachFeed
            do {
                feed = try await AttachCommand.feed(connectingTo: attach, recording: recording)
            } catch {
                _ = await AttachCommand.finish(recording, command: "snapshot")
                StandardError.write("\(AppInfo.name) snapshot: \(error.description)\n")
                throw ExitCode(1)
            }
            let screen = await AttachRun.render(feed, after: .milliseconds(Int64(after * 1000)), size: size,
                                                theme: dashboard.noColor ? Theme.monochrome : Theme.color)
            if !(await AttachCommand.finish(recording, command: "snapshot")) { throw ExitCode(1) }
            try write(ScreenExport.render(screen, as: resolvedFormat))
            return
        }
        if let replay {
            if dashboard.recordPath != nil || dashboard.tracePath != nil {
                StandardError.write("\(AppInfo.name) snapshot: --replay renders a recording; use `trace` to turn one into a trace\n")
                throw ExitCode(1)
            }
            if let refusal = try ReplayCommand.refusalOfRunOptions(dashboard) {
                StandardError.write("\(AppInfo.name) snapshot: \(refusal)\n")
                throw ExitCode(1)
            }
            let recording: Recording
            do {
                recording = try await RecordingReader.readOffTheTask(path: replay)
            } catch {
                StandardError.write("\(AppInfo.name) snapshot: \(error.description)\n")
                throw ExitCode(1)
            }
            let after = try after.value(of: "--after", within: Self.afterLimits)
            let outcome = ReplayRun.render(
                recording, after: .milliseconds(Int64(after * 1000)), keys: pressed, size: size,
                speed: try ReplayCommand.startingSpeed(dashboard),
                theme: dashboard.noColor ? Theme.monochrome : Theme.color)
            try write(ScreenExport.render(outcome.screen, as: resolvedFormat))
            let notes = [recording.stop, outcome.stop, recording.gapNote].compactMap { $0 }
            for note in notes { StandardError.write("\(AppInfo.name) snapshot: \(note)\n") }
            if recording.stop != nil || outcome.stop != nil { throw ExitCode(1) }
            return
        }
        let settings = try dashboard.scenario.validatedSettings()
        let after = try after.value(of: "--after", within: Self.afterLimits)
        var source = HeadlessRun.LogSource.activity
        if let path = dashboard.followPath, let log = await Self.firstLogSnapshot(of: path) { source = .file(log) }
        let theme = dashboard.noColor ? Theme.monochrome : Theme.color
        let recorder: RunRecorder?
        do {
            recorder = try RunRecorder.open(recordPath: dashboard.recordPath, tracePath: dashboard.tracePath, settings: settings)
        } catch {
            StandardError.write("\(AppInfo.name) snapshot: \(error.description)\n")
            throw ExitCode(1)
        }
        let outcome = await HeadlessRun.run(
            settings: settings, after: .milliseconds(Int64(after * 1000)), keys: pressed, size: size,
            theme: theme, log: source, scene: scene, eachTick: recorder.map { recorder in
                { log in await Self.keepUp(recorder.writer, with: log) }
            })
        if let recorder {
            let finished = await recorder.finish(through: outcome.events.events.last?.sequence ?? 0)
            for note in finished.notes { StandardError.write("\(AppInfo.name) snapshot: \(note)\n") }
            if !finished.succeeded { throw ExitCode(1) }
        }
        try write(ScreenExport.render(outcome.screen, as: resolvedFormat))
    }

    private func write(_ text: String) throws {
        if output == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            StandardError.write("\(AppInfo.name) snapshot: cannot write '\(output)': \(ErrorCause.text(of: error))\n")
            throw ExitCode(1)
        }
    }
}
