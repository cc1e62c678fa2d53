import Foundation
import Synchronization
import TestSupport
import Testing

/// The built `asyncdemo-tui` next to this test bundle (SwiftPM puts every product of the build
/// in one folder), or the path in ASYNCDEMO_TUI_BINARY.
enum BuiltProgram {
    static var path: String {
        if let override = ProcessInfo.processInfo.environment["ASYNCDEMO_TUI_BINARY"] { return override }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("asyncdemo-tui").path
    }
}

enum E2EError: Error, CustomStringConvertible {
    case timedOut(String, screen: String)
    case commandFailed(String)

    var description: String {
        switch self {
        case .timedOut(let what, let screen): "timed out waiting for \(what); the screen was:\n\(screen)"
        case .commandFailed(let command): "command failed: \(command)"
        }
    }
}

/// A private tmux server (its own socket) with one pane running a shell command; killed with
/// the session. Waits poll the screen against a deadline, never a fixed sleep.
final class TmuxSession {
    private static let sessions = Atomic<Int>(0)
    let socket: String
    let target: String

    /// Runs `script` under `sh -c` in a new pane of the given size. The program under test is
    /// usually wrapped so that its exit status and the terminal modes are printed after it ends.
    init(width: Int, height: Int, script: String) throws {
        socket = "adt-e2e-\(getpid())-\(Self.sessions.add(1, ordering: .relaxed).newValue)"
        target = socket + ":0.0"
        try run(["new-session", "-d", "-s", socket, "-x", String(width), "-y", String(height), "sh", "-c", script])
        serverPID = (try? run(["display-message", "-p", "#{pid}"])).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        socketPath = (try? run(["display-message", "-p", "#{socket_path}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private var serverPID: Int32?
    private var socketPath: String?

    /// kill-server ends the panes with SIGHUP; a pane that survives it (an interactive shell
    /// can) must not keep the server, and the next CI run's machine, busy. A server killed so
    /// leaves its socket file behind.
    deinit {
        _ = try? run(["kill-server"])
        if let serverPID, kill(serverPID, 0) == 0 { kill(serverPID, SIGKILL) }
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
    }

    /// The wrapper used by most tests: program, then its exit status, then the terminal's modes.
    /// Keeps the activity logs the tests' dashboards write out of the user's own state folder.
    /// Removed when the test process exits (it is shared by the sessions running at once).
    static let privateStateFolder: String = {
        atexit {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adt-e2e-state-\(getpid())")
            try? FileManager.default.removeItem(at: folder)
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("adt-e2e-state-\(getpid())").path
    }()

    /// The program's environment in most tests; Swift's crash reporter is kept from waiting for a key.
    static let testEnvironment = "TERM=xterm-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no XDG_STATE_HOME=\(privateStateFolder)"

    /// Prints the last command's status, then whether icanon and echo are on, for `waitForExitReport`.
    static let exitReportCommand = "echo \"exit=$?\"; stty -a | tr -s ' ;\\n' '\\n\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo"

    /// The shell traps (not ignores) INT and QUIT so that Ctrl-C and Ctrl-\\ end only the
    /// program, as at an interactive prompt.
    static func wrapped(_ arguments: String = "", environment: String = testEnvironment) -> String {
        "trap : INT QUIT; env \(environment) '\(BuiltProgram.path)' \(arguments); \(exitReportCommand); exec sleep 600"
    }

    /// An interactive bash with job control and the prompt `$ `. The program's path is in
    /// $ADT_BINARY, so what is typed and what bash echoes back (job lines) have the same length
    /// wherever the checkout is: a long path would wrap them.
    static let interactiveShell = "env \(testEnvironment) ADT_BINARY='\(BuiltProgram.path)' PS1='$ ' bash --norc --noprofile -i"

    func sendKeys(_ keys: String...) throws {
        try run(["send-keys", "-t", target] + keys)
    }

    func capture(withStyles: Bool = false) -> String {
        (try? run(["capture-pane", "-p", "-t", target] + (withStyles ? ["-e"] : []))) ?? ""
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", socket, "-x", String(width), "-y", String(height)])
    }

    func paneTitle() throws -> String {
        try run(["display-message", "-p", "-t", target, "#{pane_title}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var alternateScreenOn: Bool {
        (try? run(["display-message", "-p", "-t", target, "#{alternate_on}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Pid of the program under test in this pane: the process named asyncdemo-tui in the
    /// pane's session (the pane's shell leads it), however many shells stand between them.
    func programPID() -> Int32? {
        guard let shell = try? run(["display-message", "-p", "-t", target, "#{pane_pid}"]),
              let session = Int32(shell.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), let stat = ProcessStat(pid: pid), stat.name == "asyncdemo-tui" else { continue }
            if stat.session == session { return pid }
        }
        return nil
    }

    /// Polls the screen until `condition` holds; throws with the last screen on timeout.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(20), _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = capture()
        while !condition(screen) {
            if ContinuousClock.now > deadline { throw E2EError.timedOut(what, screen: screen) }
            try await Task.sleep(for: .milliseconds(40))
            screen = capture()
        }
        return screen
    }

    @discardableResult
    func waitFor(text: String, timeout: Duration = .seconds(20)) async throws -> String {
        try await waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// After the wrapper printed its report: the exit status and whether icanon and echo are on.
    func waitForExitReport(timeout: Duration = .seconds(20)) async throws -> (status: Int, icanon: Bool, echo: Bool) {
        // The status is read from the end of its line: after a crash report that did not end
        // its last line, the shell's `exit=N` lands behind it on the same row.
        func status(in line: Substring) -> Int? {
            guard let range = line.range(of: "exit=", options: .backwards) else { return nil }
            return Int(line[range.upperBound...])
        }
        let screen = try await waitFor("the exit report", timeout: timeout) { screen in
            let lines = screen.split(separator: "\n")
            guard let exitIndex = lines.lastIndex(where: { status(in: $0) != nil }) else { return false }
            return lines[(exitIndex + 1)...].contains { $0.contains("icanon") }
        }
        let lines = screen.split(separator: "\n")
        let exitIndex = lines.lastIndex { status(in: $0) != nil }!
        let modes = lines[(exitIndex + 1)...].first { $0.contains("icanon") }?.split(separator: " ").map(String.init) ?? []
        return (status(in: lines[exitIndex]) ?? -1, modes.contains("icanon"), modes.contains("echo"))
    }

    func sendCommand(_ arguments: [String]) throws { try run(arguments) }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let result = ChildProcess.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
        guard result.status == 0 else { throw E2EError.commandFailed(arguments.joined(separator: " ")) }
        return result.output
    }
}


extension TmuxSession {
    /// Records every byte the pane's programs write to the terminal into `path`.
    func pipeOutput(to path: String) throws {
        try sendCommand(["pipe-pane", "-o", "-t", target, "cat >> '\(path)'"])
    }

    func waitForFile(_ path: String, timeout: Duration = .seconds(20), _ condition: ([UInt8]) -> Bool) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let bytes = (FileManager.default.contents(atPath: path).map { [UInt8]($0) }) ?? []
            if condition(bytes) { return bytes }
            if ContinuousClock.now > deadline { throw E2EError.timedOut("output in \(path)", screen: capture()) }
            try await Task.sleep(for: .milliseconds(40))
        }
    }
}

/// What /proc/PID/stat says of a process.
struct ProcessStat {
    let name: Substring
    /// One letter: R running, S sleeping, T stopped...
    let state: Substring
    let parent: Int32?
    let session: Int32?

    init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = stat.firstIndex(of: "("),
              let close = stat.range(of: ") ", options: .backwards) else { return nil }
        // The name in parentheses may hold spaces; after it: state, parent, group, session.
        name = stat[stat.index(after: open)..<close.lowerBound]
        let fields = stat[close.upperBound...].split(separator: " ")
        guard fields.count > 3 else { return nil }
        state = fields[0]
        parent = Int32(fields[1])
        session = Int32(fields[3])
    }
}

/// Runs a short command to completion with posix_spawn and waitpid. Foundation's Process was
/// not used: on Linux its exit detection can stall while the test runner's two cooperative
/// threads are busy, which left tests hanging with unreaped children.
enum ChildProcess {
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let result = run(arguments, environment: nil)
        return (result.status, result.output)
    }

    /// Runs `arguments` with stdin from /dev/null; stdout and stderr come back separately.
    static func run(_ arguments: [String], environment: [String: String]?) -> (status: Int32, output: String, errors: String) {
        let outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("adt-child-\(getpid())-\(UUID().uuidString)").path
        let errorFile = outputFile + ".err"
        defer {
            unlink(outputFile)
            unlink(errorFile)
        }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = withCleanSignalSpawnAttributes { attributes in
            envp.map { posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, $0) }
                ?? posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { return (-1, "", "") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : -1, output, errors)
    }
}
