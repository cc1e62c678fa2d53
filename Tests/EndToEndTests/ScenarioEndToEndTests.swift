import Foundation
import Testing

/// The default scenario driven by its keys in a real terminal, as the README describes them. Part of the
/// one serialized end-to-end suite: each tmux call blocks a thread of the test process while it
/// runs, and two suites doing that at once left the other tests no thread to run on.
extension DashboardEndToEndTests {
    private func startScenario(_ arguments: String) async throws -> TmuxSession {
        try await start(width: 120, height: 36, arguments: arguments)
    }

    /// Only what a test asks for runs: no pool workers, no pipeline, unless the arguments add them.
    private static let quiet = "--workers 0 --producers 0 --consumers 0"

    private func quitAndExpectRestored(_ session: TmuxSession) async throws {
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0 && report.icanon && report.echo)
        #expect(!session.alternateScreenOn)
    }

    @Test func s_three_times_adds_three_tasks() async throws {
        let session = try await startScenario(Self.quiet)
        try await session.waitFor(text: "spawned 0 ")
        try session.sendKeys("s", "s", "s")
        let screen = try await session.waitFor("three jobs in the Tasks pane") { screen in
            (1...3).allSatisfy { screen.contains("job-\($0) ") && screen.contains("job-\($0).audit") }
        }
        // Each job and its audit child: six spawned.
        #expect(screen.contains("spawned 6 "))
        try await quitAndExpectRestored(session)
    }

    @Test func c_cancels_the_selected_job_and_its_permit_comes_back() async throws {
        let session = try await startScenario("\(Self.quiet) --permits 1")
        try session.sendKeys("s")
        try await session.waitFor(text: "1/1 held")
        // Newest first: job-1.audit on top, job-1 below it.
        try session.sendKeys("j", "c")
        // The Workers pane and the header's counts come from two feeds: either may show first.
        try await session.waitFor("job-1 cancelled, its permit free, it and its child counted") { screen in
            screen.contains("0/1 held") && screen.contains("job-1 ⊘ cancelled") && screen.contains("cancel 2 ")
        }
        try await quitAndExpectRestored(session)
    }

    @Test func plus_raises_the_permits_shown() async throws {
        let session = try await startScenario("--permits 3")
        try await session.waitFor(text: "/3 held")
        try session.sendKeys("+")
        try await session.waitFor(text: "/4 held")
        try session.sendKeys("-", "-")
        try await session.waitFor(text: "/2 held")
        try await quitAndExpectRestored(session)
    }

    @Test func space_pauses_the_uptime_and_every_pane() async throws {
        let session = try await startScenario("")
        try await session.waitFor(text: "up 0:00:01")
        try session.sendKeys("Space")
        try await session.waitFor(text: "info  paused")
        // The frame of the paused instant may still be on its way: wait until the screen settles,
        // then it must stay still.
        var first = session.capture()
        let settleBy = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < settleBy {
            try await Task.sleep(for: .milliseconds(300))
            let next = session.capture()
            if next == first { break }
            first = next
        }
        try await Task.sleep(for: .milliseconds(1200))
        let second = session.capture()
        #expect(first.contains(" PAUSED"))
        #expect(first == second, "nothing may move while paused")
        try session.sendKeys("Space")
        try await session.waitFor("the uptime to run again") { !$0.contains(" PAUSED") && $0 != first }
        try await quitAndExpectRestored(session)
    }

    @Test func enter_opens_the_task_detail_and_escape_returns() async throws {
        let session = try await startScenario("\(Self.quiet) --permits 1")
        try session.sendKeys("s")
        try await session.waitFor(text: "job-1.audit")
        try session.sendKeys("j", "Enter")
        // Whole, not half drawn: its title, its transitions and its child.
        try await session.waitFor("job-1's detail") { detail in
            detail.contains("Task #1 job-1") && detail.contains("since spawn") && detail.contains("children: #2 job-1.audit")
        }
        try session.sendKeys("Escape")
        try await session.waitFor("the detail to close") { !$0.contains("since spawn") }
        try await quitAndExpectRestored(session)
    }
}
