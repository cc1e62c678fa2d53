import ArgumentParser
import CursesBackend
import Dashboard
import Simulation
import Foundation
import Logging
import LogTail
import TerminalKit

@main
struct AsyncDemoTUI: AsyncParsableCommand, CheckedBeforeRun {
    static let configuration = CommandConfiguration(
        commandName: AppInfo.name,
        abstract: "A live terminal dashboard that makes Swift structured concurrency visible.",
        // ArgumentParser's own usage, `<options> <subcommand>`, reads as if a subcommand were required.
        usage: """
            \(AppInfo.name) [<options>]
            \(AppInfo.name) snapshot|tail|demo|trace|replay|attach [<options>]
            """,
        discussion: """
            Run it in a terminal and watch tasks wait on a semaphore, a producer fill a bounded \
            queue, a log file grow, and tasks move through their states. Press ? inside for keys.
            Colours follow the terminal; NO_COLOR (non-empty) or --no-color turns them off.
            """,
        version: AppInfo.version,
        subcommands: [SnapshotCommand.self, TailCommand.self, DemoCommand.self, TraceCommand.self, ReplayCommand.self,
                      AttachCommand.self]
    )

    @Option(name: .customLong("fps"), parsing: .unconditional, help: "Maximum frames per second (\(ScenarioOptions.range(framesPerSecondLimits))).")
    var maxFramesPerSecond = NumberArgument(DrawTick.defaultFramesPerSecond)

    static let framesPerSecondLimits = 1...240

    @Option(name: .customLong("follow"), help: ArgumentHelp("Show this file in the Log pane, followed as tail -F does.", valueName: "file"))
    var followPath: String?

    @Option(name: .customLong("log-file"), help: ArgumentHelp(
        "Where the dashboard writes its activity log (default: $XDG_STATE_HOME/asyncdemo-tui/activity.log, else ~/.local/state/asyncdemo-tui/activity.log; activity-2.log beside it while another dashboard writes that one).",
        valueName: "file"))
    var activityLogPath: String?

    @Option(name: .customLong("record"), help: ArgumentHelp(
        "Write the run's events to this file as they happen (JSON Lines: a header, then one event a line); `trace` turns it into a trace.",
        valueName: "file"))
    var recordPath: String?

    @Option(name: .customLong("trace"), help: ArgumentHelp(
        "At exit, write the run as a Chrome trace-event file (open it at ui.perfetto.dev or in chrome://tracing).",
        valueName: "file"))
    var tracePath: String?

    @Flag(name: .customLong("no-color"), help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal: no clicks or wheel in the dashboard.")
    var noMouse = false

    @Flag(help: "Show how long each frame takes to build and draw (p50, p99, max).")
    var stats = false

    @OptionGroup(title: "Scenario") var scenario: ScenarioOptions

    /// ArgumentParser's own `main`, with two changes: the checks a command makes before it
    /// starts run before it (`parseChecked`), and a failure is reported in one display-safe line
    /// (`CommandLineFailure`) instead of a message, a help line and a usage.
    static func main() async {
        // Signals first: a SIGQUIT in the first milliseconds must not reach Swift's crash prompt.
        QuitSignal.restoreDefaultAction()
        // SIGXFSZ is not ignored here: past a file size limit (ulimit -f) the kernel sends it to
        // the writing thread, and every file write here runs on a dispatch worker, which blocks
        // it, so the write fails with EFBIG and is reported; a SIGXFSZ sent from outside ends
        // the dashboard the orderly way, like any other ending signal.
        do {
            var command = try parseChecked(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            CommandLineFailure.exit(reporting: error)
        }
    }

    /// The command `arguments` name, parsed, validated and checked as it will be before it runs,
    /// or the error that refuses it: every check a command line can fail, without running it.
    static func parseChecked(_ arguments: [String]) throws -> any ParsableCommand {
        let command = try parseAsRoot(arguments)
        try (command as? any CheckedBeforeRun)?.checkBeforeRun()
        return command
    }

    func validate() throws {
        _ = try maxFramesPerSecond.value(of: "--fps", within: Self.framesPerSecondLimits)
        if recordPath == "-" || tracePath == "-" {
            throw ValidationError("--record and --trace take a file: standard output is the dashboard's (use `trace FILE -o -`)")
        }
        if let recordPath, recordPath == tracePath {
            throw ValidationError("--record and --trace name the same file, \(EchoedValue.quoted(recordPath)): the trace would replace the recording")
        }
    }

    func checkBeforeRun() throws {
        _ = try scenario.validatedSettings()
    }

    func run() async throws {
        let settings = try scenario.validatedSettings()
        let maxFramesPerSecond = try maxFramesPerSecond.value(of: "--fps", within: Self.framesPerSecondLimits)
        let environment = ProcessInfo.processInfo.environment
        if let refusal = TerminalPreflight.refusal(environment: environment) {
            StandardError.write("\(AppInfo.name): \(refusal)\n")
            throw ExitCode(2)
        }
        let recorder: RunRecorder?
        do {
            recorder = try RunRecorder.open(recordPath: recordPath, tracePath: tracePath, settings: settings)
        } catch {
            StandardError.write("\(AppInfo.name): \(error.description)\n")
            throw ExitCode(1)
        }
        let useColor = ColorPreference.useColor(noColorFlag: noColor, environment: environment)
        var notes: [String] = []
        let logPath = activityLogPath ?? ActivityLogFile.defaultPath(environment: environment)
        var activityLog: ActivityLogFile?
        var activityFailures: AsyncStream<ActivityLogFailure>?
        do {
            let opened = try ActivityLogFile.openUnshared(path: logPath)
            if opened.path != logPath {
                notes.append("\(AppInfo.name): \(ShellQuoting.quoted(logPath)) was in use by another dashboard; this run's activity log is \(ShellQuoting.quoted(opened.path))")
            }
            activityLog = opened
            activityFailures = opened.failures
        } catch {
            // Said in the Log pane from the first frame, and again after exit.
            let failure = ActivityLogFailure(notOpened: logPath, reason: error.description)
            activityFailures = failure.asStream
            notes.append("\(AppInfo.name): \(failure.afterExitNote)")
        }
        // Made again for each run's clock when `R` restarts the scenario.
        let scenario = DemoScenario(settings: settings, activityLogPath: activityLog?.path ?? "activity") { [activityLog] clock in
            guard let activityLog else { return Logger(label: "activity") { _ in SwiftLogNoOpLogHandler() } }
            return Logger(label: "activity") { _ in ActivityLogHandler(file: activityLog, simulation: clock) }
        }
        let activity = scenario.activityLog
        // The run's one wall-clock line: every other line carries simulated time.
        activity.info("run started", metadata: ["at": "\(ActivityLogHandler.timestamp(Date()))", "seed": "\(settings.seed)",
                                                "pid": "\(getpid())"])
        // The Log pane shows the activity log from the simulation's own event log unless asked to
        // follow a file: then every frame's log agrees with its other panes.
        let status = await Self.runDashboard(
            useColor: useColor, useMouse: !noMouse, maxFramesPerSecond: maxFramesPerSecond,
            followPath: followPath, scenario: scenario, activity: activity,
            activityFailures: activityFailures, showStats: stats, recording: recorder?.writer)
        var succeeded = true
        if let recorder {
            let finished = await recorder.finish()
            notes += finished.notes.map { "\(AppInfo.name): \($0)" }
            succeeded = finished.succeeded
        }
        activityLog?.flush()
        if let failure = activityLog?.failure { notes.append("\(AppInfo.name): \(failure.afterExitNote)") }
        // Said only now: while curses owned the screen it would have been drawn over.
        for note in notes { StandardError.write(note + "\n") }
        if status != 0 { throw ExitCode(status) }
        if !succeeded { throw ExitCode(1) }
    }

    @MainActor
    static func runDashboard(useColor: Bool, useMouse: Bool, maxFramesPerSecond: Int, followPath: String?, scenario: DemoScenario,
                             activity: Logger, activityFailures: AsyncStream<ActivityLogFailure>?,
                             showStats: Bool, recording: RecordingWriter?) async -> Int32 {
        guard let terminal = CursesTerminal(useColor: useColor, useMouse: useMouse) else {
            StandardError.write("\(AppInfo.name): ncurses could not start on this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "")); \(TerminalPreflight.alternative)\n")
            return 2
        }
        let theme = useColor && terminal.supportsColor ? Theme.color : Theme.monochrome
        let runner = DashboardRunner(terminal: terminal, theme: theme, maxFramesPerSecond: maxFramesPerSecond,
                                     logFeed: followPath.map { LogFeed(path: $0) }, scenario: scenario,
                                     activity: activity, activityFailures: activityFailures, showStats: showStats,
                                     recording: recording)
        let status = await runner.run()
        terminal.end()
        return status
    }
}

enum ColorPreference {
    /// NO_COLOR (https://no-color.org) counts only when set and non-empty.
    static func useColor(noColorFlag: Bool, environment: [String: String]) -> Bool {
        !noColorFlag && (environment["NO_COLOR"] ?? "").isEmpty
    }
}

enum StandardError {
    /// Straight to fd 2 (Glibc's `stderr` global is not concurrency-safe in Swift 6), each line
    /// made display-safe as log lines are: a message repeating a path, TERM or a value cannot
    /// retitle the window or clear the screen, whoever built it.
    static func write(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var bytes = Array(lines.map { DisplaySafety.sanitize($0.utf8) }.joined(separator: "\n").utf8)
        _ = Foundation.write(STDERR_FILENO, &bytes, bytes.count)
    }
}
