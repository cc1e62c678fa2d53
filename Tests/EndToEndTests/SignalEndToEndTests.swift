import Foundation
import Testing

/// Signals from outside, the job-control shell and terminals without an alternate screen (issue
/// 13, points 12 to 15). In the one serialized end-to-end suite, for the reason
/// ScenarioEndToEndTests gives.
extension DashboardEndToEndTests {
    /// Every signal whose default action ends the process, beyond INT, TERM, HUP and QUIT (tested
    /// above) and the faults the crash guard handles.
    static let otherEndingSignals: [Int32] = [
        SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSTKFLT, SIGIO, SIGPWR, SIGSYS,
        __libc_current_sigrtmin(), __libc_current_sigrtmax(),
    ]

    @Test(arguments: otherEndingSignals)
    func any_signal_that_ends_the_program_restores_the_terminal_and_exits_128_plus_its_number(signal: Int32) async throws {
        let session = try await start()
        let pid = try #require(session.programPID())
        kill(pid, signal)
        try await expectRestored(session, status: 128 + Int(signal))
    }

    /// A lesson scene writes into a scratch folder of its own; a signal that ends the program in
    /// the middle of it must not leave the folder behind.
    @Test(arguments: [SIGUSR1, SIGTERM])
    func a_signal_during_a_scene_removes_the_scenes_scratch_folder(signal: Int32) async throws {
        let temporary = try PrivateFolder("adt-e2e-tmp")
        defer { temporary.remove() }
        let environment = TmuxSession.testEnvironment + " TMPDIR=\(temporary.path)"
        let session = try TmuxSession(width: 120, height: 36, script: TmuxSession.wrapped(
            "--workers 0 --producers 0 --consumers 0", environment: environment))
        try await session.waitFor(text: "┌ Tasks ")
        // Paused, the scene stands at its first sleep, inside its scratch folder.
        try session.sendKeys("Space")
        try await session.waitFor(text: " PAUSED")
        try session.sendKeys("1")
        try await session.waitFor(text: "┌ Lesson — basics / Sequential against concurrent")
        #expect(temporary.entries().contains { $0.hasPrefix("asyncdemo-tui-scenes-") }, "the scene made its scratch folder")

        let pid = try #require(session.programPID())
        kill(pid, signal)
        try await expectRestored(session, status: 128 + Int(signal))
        #expect(temporary.entries().filter { $0.hasPrefix("asyncdemo-tui-scenes-") } == [])
    }

    /// SIGQUIT before the dashboard has taken the terminal: here while it opens its activity log,
    /// a FIFO no one reads, so the moment is certain. Swift's crash handler owned SIGQUIT then
    /// and, on a terminal, asked "Press space to interact" for 30 s. SWIFT_BACKTRACE is unset, as
    /// a user's would be.
    @Test func sigquit_while_starting_ends_at_once_without_the_crash_prompt() async throws {
        let folder = try PrivateFolder("adt-e2e-fifo")
        defer { folder.remove() }
        let fifo = folder.path + "/activity.log"
        #expect(mkfifo(fifo, 0o600) == 0)
        let environment = "TERM=xterm-256color LANG=C.UTF-8 XDG_STATE_HOME=\(TmuxSession.privateStateFolder)"
        let session = try TmuxSession(width: 100, height: 30, script: "ulimit -c 0; " + TmuxSession.wrapped(
            "--log-file '\(fifo)'", environment: environment))
        let pid = try await waitForProgram(in: session)
        try await waitFor("the program to wait on the FIFO") { Self.waitChannels(of: pid).contains("wait_for_partner") }
        try await expectQuitsWithoutTheCrashPrompt(session, pid: pid)
    }

    /// The subcommands never take over the terminal, so Swift's crash handler used to keep SIGQUIT
    /// for their whole run.
    @Test func sigquit_ends_tail_at_once_without_the_crash_prompt() async throws {
        let folder = try PrivateFolder("adt-e2e-tail")
        defer { folder.remove() }
        let file = folder.path + "/app.log"
        try "first line\n".write(toFile: file, atomically: true, encoding: .utf8)
        let environment = "TERM=xterm-256color LANG=C.UTF-8"
        let session = try TmuxSession(width: 100, height: 30, script: "ulimit -c 0; " + TmuxSession.wrapped(
            "tail -F '\(file)'", environment: environment))
        try await session.waitFor(text: "first line")
        let pid = try #require(session.programPID())
        try await expectQuitsWithoutTheCrashPrompt(session, pid: pid)
    }

    /// SIGQUIT to `pid`: it ends at once with 131, the terminal restored, and no crash prompt.
    private func expectQuitsWithoutTheCrashPrompt(_ session: TmuxSession, pid: Int32) async throws {
        kill(pid, SIGQUIT)
        let report = try await session.waitForExitReport(timeout: .seconds(10))
        #expect(report.status == 131)
        #expect(report.icanon && report.echo)
        #expect(!session.alternateScreenOn)
        let screen = session.capture()
        #expect(!screen.contains("crashed") && !screen.contains("Press space"), "the crash prompt came up:\n\(screen)")
    }

    /// `kill -STOP` from outside gives no warning: the job-control shell takes the terminal back
    /// and sets its own modes. A `kill -CONT` while the shell has it must not draw (the program
    /// stops itself again), and `fg` must bring back the program's modes (keys act at once, not
    /// after Enter) and the whole screen.
    @Test func stopped_from_outside_it_stays_quiet_in_the_background_and_fg_restores_its_modes() async throws {
        let session = try TmuxSession(width: 100, height: 30, script: TmuxSession.interactiveShell)
        try await session.waitFor(text: "$")
        try session.sendKeys("\"$ADT_BINARY\"", "Enter")
        try await session.waitFor(text: "┌ Tasks ")
        let pid = try #require(session.programPID())
        // Paused, it draws little: a frame the stop cuts short is finished by the kernel on
        // SIGCONT whatever the program does (SIGSTOP cannot be caught), but that is a few cells,
        // never the panes' frames.
        try session.sendKeys("Space")
        try await session.waitFor(text: " PAUSED")

        kill(pid, SIGSTOP)
        try await session.waitFor(text: "Stopped")
        try session.sendKeys("clear", "Enter")
        try await session.waitFor("the shell's cleared screen") { !$0.contains("┌ ") && $0.contains("$") }

        // Continued in the background, and told of a resize, which would repaint everything.
        kill(pid, SIGCONT)
        kill(pid, SIGWINCH)
        try await waitFor("the program to stop itself again in the background") { ProcessStat(pid: pid)?.state == "T" }
        let background = session.capture()
        #expect(!background.contains("┌ "), "in the background it must not repaint:\n\(background)")
        // bash sends no SIGCONT on fg to a job it takes for running: wait until it has seen the
        // stop that followed the continue.
        try session.sendKeys("jobs", "Enter")
        try await session.waitFor("bash to see the job stopped") { screen in
            let lines = screen.split(separator: "\n")
            guard let asked = lines.lastIndex(where: { $0.hasSuffix("jobs") }) else { return false }
            return lines[(asked + 1)...].contains { $0.contains("Stopped") }
        }

        try await expectWholeAndResponsiveAfterFg(session)
        try session.sendKeys("q")
        try await session.waitFor("the shell's prompt") { !$0.contains("┌ Tasks ") && $0.contains("$") }
        try session.sendKeys(TmuxSession.exitReportCommand, "Enter")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0)
        #expect(report.icanon && report.echo)
        #expect(!session.alternateScreenOn)
    }

    /// Behind a wrapper the shell can take the terminal back before the program hears of it: the
    /// wrapper stops at once on Ctrl-Z (here: SIGTSTP to the wrapper alone), and bash, which
    /// waits only for the wrapper, takes the job for stopped. The program, now in the background,
    /// must give the shell its screen back and stop, not draw on, and come back whole on `fg`.
    @Test func when_the_shell_takes_the_terminal_first_the_program_steps_aside_and_fg_brings_it_back() async throws {
        let session = try TmuxSession(width: 100, height: 30, script: TmuxSession.interactiveShell)
        try await session.waitFor(text: "$")
        try session.sendKeys("bash -c '\"$ADT_BINARY\"; echo inner=$?'", "Enter")
        try await session.waitFor(text: "┌ Tasks ")
        let pid = try #require(session.programPID())
        let wrapper = try #require(ProcessStat(pid: pid)?.parent)

        kill(wrapper, SIGTSTP)
        try await waitFor("the program to stop itself in the background") { ProcessStat(pid: pid)?.state == "T" }
        try await session.waitFor("the shell to have its own screen") { _ in !session.alternateScreenOn }
        try session.sendKeys("clear", "Enter")
        try await session.waitFor("the shell's cleared screen") { !$0.contains("┌ ") && $0.contains("$") }

        try await expectWholeAndResponsiveAfterFg(session)
        try session.sendKeys("q")
        try await session.waitFor(text: "inner=0")
        try session.sendKeys(TmuxSession.exitReportCommand, "Enter")
        let report = try await session.waitForExitReport()
        #expect(report.icanon && report.echo)
        #expect(!session.alternateScreenOn)
    }

    /// Without an alternate screen (the Linux console, a VT100) the last frame would stay after
    /// exit with the shell's prompt on top of the footer.
    @Test(arguments: ["linux", "vt100"])
    func without_an_alternate_screen_the_screen_is_cleared_on_exit(term: String) async throws {
        let environment = TmuxSession.testEnvironment.replacingOccurrences(of: "TERM=xterm-256color", with: "TERM=\(term)")
        let session = try TmuxSession(width: 100, height: 30, script: TmuxSession.wrapped(environment: environment))
        try await session.waitFor(text: "┌ Tasks ")
        try session.sendKeys("q")
        try await expectRestored(session, status: 0)
        let screen = session.capture()
        #expect(!screen.contains("┌ ") && !screen.contains("quit"), "the last frame stayed:\n\(screen)")
        #expect(screen.hasPrefix("exit=0"), "the report starts at the top of a clear screen:\n\(screen)")
    }

    /// `fg`, then the whole dashboard is back and keys act at once: in cooked mode `?` would
    /// wait in the line buffer for an Enter.
    private func expectWholeAndResponsiveAfterFg(_ session: TmuxSession) async throws {
        try session.sendKeys("fg", "Enter")
        try await session.waitFor("the full dashboard again") { screen in
            ["┌ Log ", "┌ Workers ", "┌ Queue ", "┌ Tasks ", " q  quit"].allSatisfy(screen.contains) && !screen.contains("$ fg")
        }
        try session.sendKeys("?")
        try await session.waitFor(text: "Help — keys")
        try session.sendKeys("Escape")
        try await session.waitFor("the help to close") { !$0.contains("Help — keys") }
    }

    private func waitForProgram(in session: TmuxSession) async throws -> Int32 {
        var pid: Int32?
        try await waitFor("the program to start") {
            pid = session.programPID()
            return pid != nil
        }
        return pid!
    }

    private func waitFor(_ what: String, timeout: Duration = .seconds(20), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline { throw E2EError.timedOut(what, screen: "") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Where in the kernel each of the process's threads sleeps; readable without ptrace rights.
    /// The async main runs on a pool thread, not on the process's first.
    static func waitChannels(of pid: Int32) -> [String] {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return threads.compactMap { try? String(contentsOfFile: "/proc/\(pid)/task/\($0)/wchan", encoding: .utf8) }
    }
}

/// A temporary folder of the test's own; the test removes it, with everything in it, in a defer.
struct PrivateFolder {
    let path: String

    init(_ prefix: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
