import ArgumentParser
import AsyncDemoCore
import CursesBackend
import Dashboard
import Foundation
import LogTail
import ProbeClient
import Simulation
import TerminalKit

/// The dashboard on another program's probe (`ConcurrencyProbe`): its tasks and spans, its
/// named semaphores and queues, its log, live over the probe's socket.
struct AttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Watch a program that links ConcurrencyProbe: its tasks, spans, semaphores, queues and log, live.",
        discussion: """
            With no argument, attaches to the one program with a probe running as you, or lists them \
            when there are several; give a pid or a socket path to choose. The Resources pane shows \
            every probed semaphore (holders, the line of waiters) and queue (depth, blocked senders); \
            c cancels a task the program runs through probe.task. Keys that only mean something in the \
            simulation are refused with a word in the footer. When the program exits the dashboard says \
            so and keeps its last state on screen; q quits.
            Examples:
              asyncdemo-tui attach
              asyncdemo-tui attach 4242
              asyncdemo-tui attach /run/user/1000/asyncdemo-tui/4242-server.sock
            """
    )

    @Argument(help: ArgumentHelp("The program's pid, or its probe's socket path.", valueName: "pid-or-socket"))
    var target: String?

    @ParentCommand var dashboard: AsyncDemoTUI

    /// Options that make or record a simulated run would be silently ignored: refused instead.
    static func refusesRunOptions(_ dashboard: AsyncDemoTUI) throws -> Bool {
        try dashboard.scenario.validatedSettings() != ScenarioSettings() || dashboard.followPath != nil
            || dashboard.recordPath != nil || dashboard.tracePath != nil
    }

    static let runOptionsRefusal = "attach shows another program: the scenario's options, --follow, --record and --trace do not apply to it"

    func run() async throws {
        if try Self.refusesRunOptions(dashboard) {
            StandardError.write("\(AppInfo.name) attach: \(Self.runOptionsRefusal)\n")
            throw ExitCode(1)
        }
        let socket: String
        do {
            socket = try Self.socketPath(for: target)
        } catch {
            StandardError.write("\(AppInfo.name) attach: \(error.line)\n")
            throw ExitCode(1)
        }
        let maxFramesPerSecond = try dashboard.maxFramesPerSecond.value(of: "--fps", within: AsyncDemoTUI.framesPerSecondLimits)
        // Connected first: a wrong socket or a refusal is said whatever the terminal.
        let feed: AttachFeed
        do {
            feed = try await Self.feed(connectingTo: socket)
        } catch {
            StandardError.write("\(AppInfo.name) attach: \(error.description)\n")
            throw ExitCode(1)
        }
        let environment = ProcessInfo.processInfo.environment
        if let refusal = TerminalPreflight.refusal(environment: environment) {
            feed.source.close()
            StandardError.write("\(AppInfo.name): \(refusal)\n")
            throw ExitCode(2)
        }
        let status = await Self.show(
            feed, useColor: ColorPreference.useColor(noColorFlag: dashboard.noColor, environment: environment),
            useMouse: !dashboard.noMouse, maxFramesPerSecond: maxFramesPerSecond)
        if status != 0 { throw ExitCode(status) }
    }

    struct Refusal: Error {
        let line: String
    }

    /// The socket to attach to: the one `target` names (a pid or a path), or, with none, the one
    /// program listed. Refused in one line when there is none, or several to choose from.
    static func socketPath(for target: String?, in folder: String? = nil) throws(Refusal) -> String {
        if let target, target.contains("/") { return target }
        let programs = ProbeConnection.attachablePrograms(in: folder)
        if let target {
            guard let pid = Int32(target), pid > 0 else {
                throw Refusal(line: "\(EchoedValue.quoted(target)) is neither a pid nor a socket path")
            }
            guard let program = programs.first(where: { $0.pid == pid }) else {
                throw Refusal(line: "no program with a probe runs as pid \(pid); `\(AppInfo.name) attach` lists them")
            }
            return program.socketPath
        }
        switch programs.count {
        case 0: throw Refusal(line: "no program with a probe is running as this user (it calls Probe.start())")
        case 1: return programs[0].socketPath
        default:
            let listed = programs.map { "\($0.pid) \(EchoedValue.quoted($0.program)) since \(since($0.since))" }
            throw Refusal(line: "\(programs.count) programs can be attached to (\(listed.joined(separator: "; "))): give a pid, e.g. `\(AppInfo.name) attach \(programs[0].pid)`")
        }
    }

    /// "18:04:12", local time, from seconds since 1970.
    static func since(_ seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Connects to the probe at `socket` and wraps the connection for the dashboard.
    static func feed(connectingTo socket: String) async throws(ProbeStreamFailure) -> AttachFeed {
        let connection = try await ProbeConnection.connect(to: socket)
        let source = AttachSource(
            // The name is the program's to choose: shown only once it is safe to display.
            program: DisplaySafety.sanitize(Array((connection.header.program ?? "program").utf8.prefix(80))), pid: connection.header.pid ?? 0, eventBatches: connection.eventBatches,
            droppedEvents: { connection.droppedEvents }, cancel: { connection.cancel($0) }, close: { connection.close() })
        return AttachFeed(source)
    }

    @MainActor
    private static func show(_ feed: AttachFeed, useColor: Bool, useMouse: Bool, maxFramesPerSecond: Int) async -> Int32 {
        guard let terminal = CursesTerminal(useColor: useColor, useMouse: useMouse) else {
            StandardError.write("\(AppInfo.name): ncurses could not start on this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "")); \(TerminalPreflight.alternative)\n")
            return 2
        }
        let theme = useColor && terminal.supportsColor ? Theme.color : Theme.monochrome
        let runner = DashboardRunner(terminal: terminal, theme: theme, maxFramesPerSecond: maxFramesPerSecond, attach: feed)
        let status = await runner.run()
        terminal.end()
        return status
    }
}
