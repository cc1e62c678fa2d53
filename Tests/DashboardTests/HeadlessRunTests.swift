import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

@Suite("Headless run (snapshot)")
struct HeadlessRunTests {
    @Test func keys_parse_by_name_and_as_characters() {
        #expect(HeadlessRun.parseKeys("jj<Enter>") == [.key(.character("j")), .key(.character("j")), .key(.enter)])
        #expect(HeadlessRun.parseKeys("<space>s<ESC>") == [.key(.character(" ")), .key(.character("s")), .key(.escape)])
        #expect(HeadlessRun.parseKeys("a<") == [.key(.character("a")), .key(.character("<"))])
        #expect(HeadlessRun.parseKeys("<Nope>") == nil)
        #expect(HeadlessRun.parseKeys("") == [])
    }

    @Test func a_wait_token_lets_simulated_time_pass_between_keys() {
        #expect(HeadlessRun.parseKeys("s<Wait:2>j<wait:0.25>") == [
            .key(.character("s")), .wait(.seconds(2)), .key(.character("j")), .wait(.milliseconds(250)),
        ])
        #expect(HeadlessRun.parseKeys("<Wait:-1>") == nil, "time never runs back")
        #expect(HeadlessRun.parseKeys("<Wait:3601>") == nil, "at most an hour, as --after")
        #expect(HeadlessRun.parseKeys("<Wait:two>") == nil)
    }

    /// As in a live run: paused, a wait lets no simulated time pass and `.` steps one tick.
    @Test func paused_a_wait_stands_still_and_a_step_moves_one_tick() async {
        func lastEventAt(_ keys: String) async -> Duration {
            let outcome = await HeadlessRun.run(
                settings: ScenarioSettings(), after: .seconds(2), keys: HeadlessRun.parseKeys(keys)!,
                size: Size(width: 100, height: 30), theme: .monochrome, log: .activity)
            return outcome.events.events.last { if case .logLine = $0.kind { false } else { true } }!.at.sinceStart
        }
        let running = await lastEventAt("<Wait:3>")
        let paused = await lastEventAt(" <Wait:3>")
        let stepped = await lastEventAt(" <Wait:3>.....")
        #expect(running > .seconds(4), "running, three seconds more happen")
        #expect(paused <= .seconds(2), "paused, the wait moved nothing")
        #expect(stepped > .seconds(2) && stepped <= .milliseconds(2500), "five steps of 100 ms")
    }

    @Test func a_stepped_run_fills_every_pane_and_keys_act_on_it() async {
        var settings = ScenarioSettings()
        settings.failurePercent = 0
        let screen = await HeadlessRun.render(
            settings: settings, after: .seconds(3), keys: [.key(.character("s")), .key(.character("+"))],
            size: Size(width: 120, height: 36), theme: .monochrome, log: .activity)
        let text = screen.textLines().joined(separator: "\n")
        #expect(text.contains("up 0:00:03"))
        #expect(text.contains("/4 held"), "+ raised the permits")
        #expect(text.contains("job-1"), "s spawned a job")
        #expect(text.contains("sent ") && text.contains(" ✓"))
        #expect(text.contains("00:00:0"), "the log is stamped with simulated time since the start")
        #expect(text.contains("enqueued item"))
    }

    @Test func a_scene_started_before_the_clock_runs_has_said_what_its_first_seconds_say() async {
        let screen = await HeadlessRun.render(
            settings: ScenarioSettings(), after: .seconds(9), keys: [], size: Size(width: 120, height: 36),
            theme: .monochrome, log: .activity, scene: "basics/concurrent")
        let text = screen.textLines().joined(separator: "\n")
        #expect(text.contains("┌ Lesson — basics / Sequential against concurrent"))
        // The scene's 2 s lead-in, then 6 s one by one and the quickest job of the group.
        #expect(text.contains("[  8.00s] sequential: 6.00 s") && text.contains("[  9.00s] job C done"))
        #expect(!text.contains("[ 10.00s]"), "nothing past 9 s of lesson time")
        #expect(text.contains(" lesson "), "its task is on the board")
    }
}
