import Foundation
import Testing

/// The real binary in a real terminal (tmux), driven by keys and signals as a person would.
@Suite("End to end in tmux", .serialized)
struct DashboardEndToEndTests {
    func start(width: Int = 100, height: Int = 30, arguments: String = "") async throws -> TmuxSession {
        #expect(FileManager.default.isExecutableFile(atPath: BuiltProgram.path), "build the package first: \(BuiltProgram.path)")
        let session = try TmuxSession(width: width, height: height, script: TmuxSession.wrapped(arguments))
        try await session.waitFor(text: "┌ Tasks ")
        return session
    }

    func expectRestored(_ session: TmuxSession, status expected: Int) async throws {
        let report = try await session.waitForExitReport()
        #expect(report.status == expected)
        #expect(report.icanon, "icanon should be back on")
        #expect(report.echo, "echo should be back on")
        #expect(!session.alternateScreenOn, "the alternate screen should be off")
    }

    @Test func the_four_pane_titles_header_and_footer_appear() async throws {
        let session = try await start()
        let screen = session.capture()
        for title in ["┌ Log ", "┌ Workers ", "┌ Queue ", "┌ Tasks "] { #expect(screen.contains(title)) }
        #expect(screen.hasPrefix(" asyncdemo-tui"))
        #expect(screen.contains(" q  quit "))
        #expect(session.alternateScreenOn)
        try session.sendKeys("q")
        try await expectRestored(session, status: 0)
    }

    @Test func question_mark_shows_help_and_escape_hides_it() async throws {
        let session = try await start()
        try session.sendKeys("?")
        try await session.waitFor(text: "Help — keys")
        try session.sendKeys("Escape")
        try await session.waitFor("the help to close") { !$0.contains("Help — keys") && $0.contains("┌ Tasks ") }
        try session.sendKeys("q")
        try await expectRestored(session, status: 0)
    }

    @Test func resizing_relays_out_and_shows_the_too_small_notice_in_between() async throws {
        let session = try await start(width: 120, height: 40)
        #expect(session.capture().split(separator: "\n")[1].contains("┌ Workers "), "wide: grid, Workers beside Log")

        try session.resize(width: 50, height: 15)
        let stacked = try await session.waitFor("the stacked layout") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 2 && lines[1].hasPrefix("┌ Log ") && !lines[1].contains("Workers") && screen.contains("┌ Workers ")
        }
        #expect(stacked.split(separator: "\n").allSatisfy { $0.count <= 50 })

        try session.resize(width: 30, height: 8)
        try await session.waitFor(text: "have 30x8")
        #expect(!session.capture().contains("┌ Log "), "no stale cells from the panes")

        try session.resize(width: 1, height: 1)
        try await session.waitFor("the 1x1 screen") { $0.trimmingCharacters(in: .whitespacesAndNewlines).count <= 1 }
        #expect(session.programPID() != nil, "still running at 1x1")

        try session.resize(width: 120, height: 40)
        try await session.waitFor("the grid again") { screen in
            let lines = screen.split(separator: "\n")
            return lines.count > 1 && lines[1].contains("┌ Log ") && lines[1].contains("┌ Workers ") && !screen.contains("too small")
        }
        try session.sendKeys("q")
        try await expectRestored(session, status: 0)
    }

    @Test func q_exits_zero_and_restores_the_terminal() async throws {
        let session = try await start()
        try session.sendKeys("q")
        try await expectRestored(session, status: 0)
    }

    @Test func ctrl_c_exits_130_and_restores_the_terminal() async throws {
        let session = try await start()
        try session.sendKeys("C-c")
        try await expectRestored(session, status: 130)
    }

    @Test(arguments: [(SIGTERM, 143), (SIGHUP, 129), (SIGINT, 130), (SIGQUIT, 131)])
    func a_signal_exits_with_its_status_and_restores_the_terminal(signal: Int32, status: Int) async throws {
        let session = try await start()
        let pid = try #require(session.programPID())
        kill(pid, signal)
        try await expectRestored(session, status: status)
    }

    @Test(arguments: [SIGSEGV, SIGABRT, SIGBUS])
    func a_crash_signal_restores_the_terminal_and_still_dies_of_it(signal: Int32) async throws {
        let session = try await start()
        let pid = try #require(session.programPID())
        kill(pid, signal)
        let report = try await session.waitForExitReport()
        #expect(report.status == 128 + Int(signal))
        #expect(report.icanon && report.echo)
        #expect(!session.alternateScreenOn)
    }

    /// Run through a `bash -c` wrapper, as `make run` or a script would: Ctrl-Z must stop the
    /// whole job, `bg` must not let the dashboard draw over the shell, and `fg` brings it back.
    @Test func ctrl_z_gives_the_shell_a_sane_terminal_bg_stays_quiet_and_fg_repaints() async throws {
        let session = try TmuxSession(width: 100, height: 30, script: TmuxSession.interactiveShell)
        try await session.waitFor(text: "$")
        try session.sendKeys("bash -c '\"$ADT_BINARY\"; echo inner=$?'", "Enter")
        try await session.waitFor(text: "┌ Tasks ")
        try session.sendKeys("C-z")
        try await session.waitFor("the shell to have the screen") { _ in !session.alternateScreenOn }
        try session.sendKeys("clear; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon", "Enter")
        let modes = try await session.waitFor("stty's answer") { $0.split(separator: "\n").contains { $0 == "icanon" || $0 == "-icanon" } }
        #expect(modes.split(separator: "\n").contains("icanon"))

        try session.sendKeys("clear; bg", "Enter")
        try await session.waitFor(text: "echo inner=$?' &")
        // A negative: for a second, the background job must not take the screen back.
        let quietUntil = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < quietUntil {
            #expect(!session.alternateScreenOn, "in the background it must not take the screen")
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!session.capture().contains("┌ Tasks "))

        try session.sendKeys("fg", "Enter")
        let repainted = try await session.waitFor("the full dashboard again") { screen in
            ["┌ Log ", "┌ Workers ", "┌ Queue ", "┌ Tasks ", " q  quit"].allSatisfy(screen.contains) && !screen.contains("' &")
        }
        #expect(repainted.hasPrefix(" asyncdemo-tui"))
        try session.sendKeys("q")
        try await session.waitFor(text: "inner=0")
    }

    @Test func by_default_the_log_pane_follows_the_dashboards_own_activity_log() async throws {
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("adt-activity-\(UUID().uuidString)/activity.log")
        defer { try? FileManager.default.removeItem(at: logFile.deletingLastPathComponent()) }
        let session = try await start(arguments: "--log-file '\(logFile.path)'")
        try await session.waitFor(text: "┌ Log — activity.log")
        try await session.waitFor(text: "enqueued item")
        try session.sendKeys("Space")
        try await session.waitFor(text: "info  paused")
        try session.sendKeys("q")
        try await expectRestored(session, status: 0)
        let written = try String(contentsOf: logFile, encoding: .utf8)
        for event in ["dashboard started", "scenario started", "spawned w1", "permit granted to", "enqueued item",
                      "dashboard stopped exit=0"] {
            #expect(written.contains(event), "the activity log lacks \(event)")
        }
    }

    @Test func an_unwritable_activity_log_is_reported_after_the_dashboard_ends() async throws {
        let session = try await start(arguments: "--log-file /proc/no-such-place/activity.log")
        // The pane shows the activity log from the simulation itself, file or no file, and its
        // title names no file when there is none.
        try await session.waitFor(text: "┌ Log — activity ─")
        try session.sendKeys("q")
        let screen = try await session.waitFor(text: "exit=0")
        #expect(screen.contains("asyncdemo-tui: no activity log: cannot create the folder '/proc/no-such-place': "))
    }
}
