import ArgumentParser
import CursesBackend
import Dashboard
import Foundation
import Logging
import TerminalKit

@main
struct AsyncDemoTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: AppInfo.name,
        abstract: "A live terminal dashboard that makes Swift structured concurrency visible.",
        discussion: """
            Run it in a terminal and watch tasks wait on a semaphore, a producer fill a bounded \
            queue, a log file grow, and tasks move through their states. Press ? inside for keys.
            Colours follow the terminal; NO_COLOR (non-empty) or --no-color turns them off.
            """,
        version: AppInfo.version,
        subcommands: [SnapshotCommand.self, TailCommand.self, DemoCommand.self]
    )

    /// Signals first: a SIGQUIT in the first milliseconds must not reach Swift's crash prompt.
    static func main() async {
        QuitSignal.restoreDefaultAction()
        await main(nil)
    }

    @Option(name: .customLong("fps"), help: "Maximum frames per second (1-240).")
    var maxFramesPerSecond = 30

    @Option(name: .customLong("follow"), help: ArgumentHelp("Show this file in the Log pane, followed as tail -F does.", valueName: "file"))
    var followPath: String?

    @Option(name: .customLong("log-file"), help: ArgumentHelp(
        "Where the dashboard writes its activity log (default: $XDG_STATE_HOME/asyncdemo-tui/activity.log, else ~/.local/state/asyncdemo-tui/activity.log).",
        valueName: "file"))
    var activityLogPath: String?

    @Flag(name: .customLong("no-color"), help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Show how long each frame takes to build and draw (p50, p99, max).")
    var stats = false

    @OptionGroup(title: "Scenario") var scenario: ScenarioOptions

    func validate() throws {
        guard (1...240).contains(maxFramesPerSecond) else {
            throw ValidationError("--fps must be between 1 and 240, got \(maxFramesPerSecond)")
        }
    }

    func run() async throws {
        let settings = try scenario.validatedSettings()
        let environment = ProcessInfo.processInfo.environment
        if let refusal = TerminalPreflight.refusal(environment: environment) {
            StandardError.write("\(AppInfo.name): \(refusal)\n")
            throw ExitCode(2)
        }
        let useColor = ColorPreference.useColor(noColorFlag: noColor, environment: environment)
        var notes: [String] = []
        let logPath = activityLogPath ?? ActivityLogFile.defaultPath(environment: environment)
        var activityLog: ActivityLogFile?
        do {
            activityLog = try ActivityLogFile(path: logPath)
        } catch {
            notes.append("\(AppInfo.name): no activity log: \(error)")
        }
        let activity = activityLog.map { file in Logger(label: "activity") { _ in ActivityLogHandler(file: file) } }
            ?? Logger(label: "activity") { _ in SwiftLogNoOpLogHandler() }
        let status = await Self.runDashboard(
            useColor: useColor, maxFramesPerSecond: maxFramesPerSecond,
            followPath: followPath ?? activityLog?.path, scenario: DemoScenario(settings: settings, log: activity),
            activity: activity, showStats: stats)
        activityLog?.flush()
        // Said only now: while curses owned the screen it would have been drawn over.
        for note in notes { StandardError.write(note + "\n") }
        if status != 0 { throw ExitCode(status) }
    }

    @MainActor
    static func runDashboard(useColor: Bool, maxFramesPerSecond: Int, followPath: String?, scenario: DemoScenario,
                             activity: Logger, showStats: Bool) async -> Int32 {
        guard let terminal = CursesTerminal(useColor: useColor) else {
            StandardError.write("\(AppInfo.name): ncurses could not start on this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "")); \(TerminalPreflight.alternative)\n")
            return 2
        }
        let theme = useColor && terminal.supportsColor ? Theme.color : Theme.monochrome
        let runner = DashboardRunner(terminal: terminal, theme: theme, maxFramesPerSecond: maxFramesPerSecond,
                                     logFeed: followPath.map { LogFeed(path: $0) }, scenario: scenario,
                                     activity: activity, showStats: showStats)
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
    /// Straight to fd 2: Glibc's `stderr` global is not concurrency-safe in Swift 6.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Foundation.write(STDERR_FILENO, &bytes, bytes.count)
    }
}
