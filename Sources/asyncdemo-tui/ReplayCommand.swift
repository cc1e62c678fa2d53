import ArgumentParser
import CursesBackend
import Dashboard
import Foundation
import LogTail
import Simulation
import TerminalKit

/// A recording (`--record FILE`) shown in the dashboard as it was recorded, at the pace of the
/// clock: nothing runs but the recording's own events.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Show a recording in the dashboard, as it was recorded.",
        discussion: """
            Every pane is folded from the recording's events alone. Space pauses, x X change the speed, \
            . steps 100 ms, , and ; go back (paused), g and G go to the start and the end, @ to a time \
            (90, 1:30, 1:02:03); keys that \
            would change the run are refused with a word in the footer. The dashboard's --no-color, \
            --no-mouse and --fps apply, before or after `replay`, and --speed sets the speed it starts \
            at (the recording's own when not given).
            Examples:
              asyncdemo-tui --record run.jsonl
              asyncdemo-tui replay run.jsonl
              asyncdemo-tui replay hour.jsonl --at 1800 --speed 10
            """
    )

    @Argument(help: ArgumentHelp("The recording to show (never written to).", valueName: "recording"))
    var recording: String

    @Option(parsing: .unconditional, help: "The recording's instant to start at, in seconds (0-86400; past its end: its end).")
    var at = NumberArgument(0.0)

    static let atLimits = 0.0...86_400.0

    @ParentCommand var dashboard: AsyncDemoTUI

    func validate() throws {
        _ = try at.value(of: "--at", within: Self.atLimits)
    }

    /// A replay shows the run the recording holds: options that would make another run, or
    /// follow a file, would be silently ignored, so they are refused instead. `--speed` is how
    /// fast to show it, so it is not one of them.
    static func refusalOfRunOptions(_ dashboard: AsyncDemoTUI) throws -> String? {
        var settings = try dashboard.scenario.validatedSettings()
        settings.speed = ScenarioSettings().speed
        if settings != ScenarioSettings() {
            return "a replay shows the recorded run: the scenario's options (--workers, --seed, ...) do not apply to it"
        }
        if dashboard.followPath != nil { return "a replay shows the recorded activity log: --follow does not apply to it" }
        return nil
    }

    /// The speed a replay starts at when `--speed` says (nil: the recording's own).
    static func startingSpeed(_ dashboard: AsyncDemoTUI) throws -> Double? {
        try dashboard.scenario.speed?.value(of: "--speed", within: ScenarioSettings.speedLimits)
    }

    func run() async throws {
        if let refusal = try Self.refusalOfRunOptions(dashboard) {
            StandardError.write("\(AppInfo.name) replay: \(refusal)\n")
            throw ExitCode(1)
        }
        let start = try at.value(of: "--at", within: Self.atLimits)
        let speed = try Self.startingSpeed(dashboard)
        let maxFramesPerSecond = try dashboard.maxFramesPerSecond.value(of: "--fps", within: AsyncDemoTUI.framesPerSecondLimits)
        let environment = ProcessInfo.processInfo.environment
        if let refusal = TerminalPreflight.refusal(environment: environment) {
            StandardError.write("\(AppInfo.name): \(refusal)\n")
            throw ExitCode(2)
        }
        let read: Recording
        do {
            read = try await RecordingReader.readOffTheTask(path: recording)
        } catch {
            StandardError.write("\(AppInfo.name) replay: \(error.description)\n")
            throw ExitCode(1)
        }
        let status = await Self.show(
            read, from: .milliseconds(Int64(start * 1000)), speed: speed,
            useColor: ColorPreference.useColor(noColorFlag: dashboard.noColor, environment: environment),
            useMouse: !dashboard.noMouse, maxFramesPerSecond: maxFramesPerSecond)
        // Said after the terminal is back: curses would have drawn over it.
        for note in [read.stop, read.gapNote].compactMap({ $0 }) { StandardError.write("\(AppInfo.name) replay: \(note)\n") }
        if status != 0 { throw ExitCode(status) }
        if read.stop != nil { throw ExitCode(1) }
    }

    @MainActor
    private static func show(_ recording: Recording, from start: Duration, speed: Double?, useColor: Bool, useMouse: Bool,
                             maxFramesPerSecond: Int) async -> Int32 {
        guard let terminal = CursesTerminal(useColor: useColor, useMouse: useMouse) else {
            StandardError.write("\(AppInfo.name): ncurses could not start on this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "")); \(TerminalPreflight.alternative)\n")
            return 2
        }
        let theme = useColor && terminal.supportsColor ? Theme.color : Theme.monochrome
        let runner = DashboardRunner(terminal: terminal, theme: theme, maxFramesPerSecond: maxFramesPerSecond,
                                     replay: recording, replayFrom: start, replaySpeed: speed)
        let status = await runner.run()
        terminal.end()
        return status
    }
}
