import ArgumentParser
import AsyncDemoCore
import CursesBackend
import Dashboard
import Foundation
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
            With no argument, attaches to the one program with a probe running as you; when there are \
            several, shows a list to pick from at a terminal (arrows or j k, Enter, q or Esc for none), \
            or lists them in one line elsewhere; give a pid or a socket path to choose. The Resources \
            pane shows every probed semaphore (holders, the line of waiters) and queue (depth, blocked \
            senders); c cancels a task the program runs through probe.task; ? lists the keys that work \
            attached. Keys that only mean something in the simulation are refused with a word in the \
            footer. When the program exits the dashboard says so and keeps its last state on screen; \
            when one of the same name starts again the footer says so and r attaches to it; q quits.
            --record FILE writes the stream as a recording, which replay and trace read.
            Examples:
              asyncdemo-tui attach
              asyncdemo-tui attach 4242
              asyncdemo-tui attach /run/user/1000/asyncdemo-tui/4242-server.sock
              asyncdemo-tui attach --record server.jsonl
            """
    )

    @Argument(help: ArgumentHelp("The program's pid, or its probe's socket path.", valueName: "pid-or-socket"))
    var target: String?

    @ParentCommand var dashboard: AsyncDemoTUI

    /// Options that make or record a simulated run would be silently ignored: refused instead.
    static func refusesRunOptions(_ dashboard: AsyncDemoTUI) throws -> Bool {
        try dashboard.scenario.validatedSettings() != ScenarioSettings() || dashboard.followPath != nil
            || dashboard.tracePath != nil
    }

    static let runOptionsRefusal = "attach shows another program: the scenario's options, --follow and --trace do not apply to it (record its stream with --record, then `trace` the file)"

    /// `--record FILE`: refused in one line before anything is attached to when the file
    /// cannot be created.
    static func recording(_ dashboard: AsyncDemoTUI) throws(RecordingRefusal) -> AttachRecording? {
        try dashboard.recordPath.map { path throws(RecordingRefusal) in try AttachRecording(path: path) }
    }

    /// Writes what the recording has left and says, in a line, what went wrong if anything did.
    static func finish(_ recording: AttachRecording?, command: String) async -> Bool {
        guard let summary = await recording?.finish(), let note = summary.afterExitNote else { return true }
        StandardError.write("\(AppInfo.name) \(command): \(note)\n")
        return summary.failure == nil
    }

    func run() async throws {
        if try Self.refusesRunOptions(dashboard) {
            StandardError.write("\(AppInfo.name) attach: \(Self.runOptionsRefusal)\n")
            throw ExitCode(1)
        }
        let environment = ProcessInfo.processInfo.environment
        let maxFramesPerSecond = try dashboard.maxFramesPerSecond.value(of: "--fps", within: AsyncDemoTUI.framesPerSecondLimits)
        let socket: String
        do {
            socket = try Self.socketPath(for: target)
        } catch where error.programs.count > 1 && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            && TerminalPreflight.refusal(environment: environment) == nil {
            let recording = try Self.openRecording(dashboard)
            let status = await Self.pickAndShow(
                error.programs, recording: recording,
                useColor: ColorPreference.useColor(noColorFlag: dashboard.noColor, environment: environment),
                useMouse: !dashboard.noMouse, maxFramesPerSecond: maxFramesPerSecond)
            let recorded = await Self.finish(recording, command: "attach")
            if status != 0 { throw ExitCode(status) }
            if !recorded { throw ExitCode(1) }
            return
        } catch {
            StandardError.write("\(AppInfo.name) attach: \(error.line)\n")
            throw ExitCode(1)
        }
        let recording = try Self.openRecording(dashboard)
        // Connected first: a wrong socket or a refusal is said whatever the terminal.
        let feed: AttachFeed
        do {
            feed = try await Self.feed(connectingTo: socket, recording: recording)
        } catch {
            _ = await Self.finish(recording, command: "attach")
            StandardError.write("\(AppInfo.name) attach: \(error.description)\n")
            throw ExitCode(1)
        }
        if let refusal = TerminalPreflight.refusal(environment: environment) {
            feed.source.close()
            _ = await Self.finish(recording, command: "attach")
            StandardError.write("\(AppInfo.name): \(refusal)\n")
            throw ExitCode(2)
        }
        let status = await Self.show(
            feed, useColor: ColorPreference.useColor(noColorFlag: dashboard.noColor, environment: environment),
            useMouse: !dashboard.noMouse, maxFramesPerSecond: maxFramesPerSecond)
        // After the terminal is restored: the recording's line, if any, is readable then.
        let recorded = await Self.finish(recording, command: "attach")
        if status != 0 { throw ExitCode(status) }
        if !recorded { throw ExitCode(1) }
    }

    struct Refusal: Error {
        let line: String
        /// The programs to choose from, when there are several.
        var programs: [AttachableProgram] = []
    }

    /// `--record`'s file, created now, or one line and status 1.
    static func openRecording(_ dashboard: AsyncDemoTUI) throws -> AttachRecording? {
        do {
            return try recording(dashboard)
        } catch {
            StandardError.write("\(AppInfo.name) attach: \(error.description)\n")
            throw ExitCode(1)
        }
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
            throw Refusal(line: "\(programs.count) programs can be attached to (\(listed.joined(separator: "; "))): give a pid, e.g. `\(AppInfo.name) attach \(programs[0].pid)`",
                          programs: programs)
        }
    }

    /// "18:04:12", local time, from seconds since 1970.
    static func since(_ seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Connects to the probe at `socket` and wraps the connection for the dashboard; with a
    /// recording, the stream's header and each event it reads go to the file as well.
    static func feed(connectingTo socket: String, recording: AttachRecording? = nil) async throws(ProbeStreamFailure) -> AttachFeed {
        let connection = try await ProbeConnection.connect(to: socket)
        recording?.start(header: connection.header)
        let source = AttachSource(
            program: Attachment.displayName(connection.header.program ?? "program"), pid: connection.header.pid ?? 0, eventBatches: connection.eventBatches,
            droppedEvents: { connection.droppedEvents },
            eventsReceived: { connection.eventsReceived }, cancel: { connection.cancel($0) }, close: { connection.close() })
        var tap: (@Sendable (SimulationEvent) -> Void)?
        if let recording { tap = { recording.record($0) } }
        return AttachFeed(source, tap: tap)
    }

    /// Once the attached program has exited: a program of the same name in the probes'
    /// `folder`, started again, and a fresh connection to it (not recorded: a recording is of
    /// one stream, whose events number from its attach).
    static func reattacher(in folder: String? = nil) -> Reattacher {
        Reattacher(
            namesakes: { program, pid in
                ProbeConnection.attachablePrograms(in: folder).filter { Attachment.displayName($0.program) == program && $0.pid != pid }
                    .map { ReattachTarget(pid: $0.pid, socketPath: $0.socketPath) }
            },
            connect: { target in try await feed(connectingTo: target.socketPath) })
    }

    /// At a terminal, with several programs: the picker, then the dashboard on the one picked,
    /// on the same terminal. A connection that fails is said after the terminal is restored.
    @MainActor
    private static func pickAndShow(_ programs: [AttachableProgram], recording: AttachRecording?, useColor: Bool, useMouse: Bool,
                                    maxFramesPerSecond: Int) async -> Int32 {
        guard let terminal = CursesTerminal(useColor: useColor, useMouse: useMouse) else {
            StandardError.write("\(AppInfo.name): ncurses could not start on this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "")); \(TerminalPreflight.alternative)\n")
            return 2
        }
        let theme = useColor && terminal.supportsColor ? Theme.color : Theme.monochrome
        guard case .program(let program) = await AttachPickerScreen.pick(from: programs, on: terminal, theme: theme) else {
            terminal.end()
            return 0
        }
        let feed: AttachFeed
        do {
            feed = try await Self.feed(connectingTo: program.socketPath, recording: recording)
        } catch {
            terminal.end()
            StandardError.write("\(AppInfo.name) attach: \(error.description)\n")
            return 1
        }
        let runner = DashboardRunner(terminal: terminal, theme: theme, maxFramesPerSecond: maxFramesPerSecond, attach: feed,
                                     reattacher: reattacher())
        let status = await runner.run()
        terminal.end()
        return status
    }

    @MainActor
    private static func show(_ feed: AttachFeed, useColor: Bool, useMouse: Bool, maxFramesPerSecond: Int) async -> Int32 {
        guard let terminal = CursesTerminal(useColor: useColor, useMouse: useMouse) else {
            StandardError.write("\(AppInfo.name): ncurses could not start on this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "")); \(TerminalPreflight.alternative)\n")
            return 2
        }
        let theme = useColor && terminal.supportsColor ? Theme.color : Theme.monochrome
        let runner = DashboardRunner(terminal: terminal, theme: theme, maxFramesPerSecond: maxFramesPerSecond, attach: feed,
                                     reattacher: reattacher())
        let status = await runner.run()
        terminal.end()
        return status
    }
}
