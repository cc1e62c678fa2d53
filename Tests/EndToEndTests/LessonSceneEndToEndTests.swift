import Foundation
import Testing

/// Lesson scenes in a real terminal: the menu, a pick, another pick, the end of a
/// scene. In the one serialized end-to-end suite for the reason ScenarioEndToEndTests gives.
/// The simulation is paused before any lesson starts, so each run stands at its first sleep
/// until stepped: what is cancelled, and when, does not depend on how fast the machine is.
extension DashboardEndToEndTests {
    @Test func m_and_a_pick_run_a_scene_in_place_of_the_log_and_escape_ends_it() async throws {
        let session = try await start(width: 120, height: 36, arguments: "--workers 0 --producers 0 --consumers 0")
        try session.sendKeys("Space")
        try await session.waitFor(text: " PAUSED")
        try session.sendKeys("m")
        // tmux may show a frame half drawn: wait for all of the menu, not only its title.
        try await session.waitFor("the whole menu, the first example highlighted") { menu in
            menu.contains("Lessons — pick an example") && menu.contains("▶ concurrent") && menu.contains("4  coordination")
        }

        try session.sendKeys("Down", "Enter")
        let requests = try await session.waitFor("the requests scene and its lesson task") { screen in
            screen.contains("┌ Lesson — basics / Network and database together")
                && screen.contains("== requests: Network and database together ==") && screen.contains(" lesson ")
        }
        #expect(!requests.contains("┌ Log") && !requests.contains("┌ Queue"), "the scene takes the Log and Queue panes' place")
        #expect(requests.contains("┌ Workers") && requests.contains("┌ Tasks"))
        #expect(!requests.contains("Lessons — pick"), "the menu closed")

        // Another pick cancels the run before it; the new one says its heading and, paused,
        // holds in its lead-in.
        try session.sendKeys("1")
        try await session.waitFor(text: "┌ Lesson — basics / Sequential against concurrent")
        try await session.waitFor(text: "cancel 1 ")
        try await session.waitFor(text: "== concurrent: Sequential against concurrent ==")

        try session.sendKeys("Escape")
        // The panes come back at once; the board's count follows with its next snapshot.
        try await session.waitFor("the Log and Queue panes back") { screen in
            screen.contains("┌ Log") && screen.contains("┌ Queue") && !screen.contains("┌ Lesson")
        }
        try await session.waitFor(text: "cancel 2 ")
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0 && report.icanon && report.echo)
        #expect(!session.alternateScreenOn)
    }

    @Test func a_digit_runs_a_lesson_at_once_and_its_transcript_grows_as_the_clock_runs() async throws {
        let session = try await start(width: 120, height: 36, arguments: "--workers 0 --producers 0 --consumers 0 --speed 10")
        try session.sendKeys("2")
        try await session.waitFor(text: "┌ Lesson — streams / An AsyncStream generator")
        // 2.5 s of lesson time: a quarter of a second at ×10.
        // The last line is said before the run ends; the panel says done with a later snapshot.
        let done = try await session.waitFor("the stream finished and the scene done") { screen in
            screen.contains("the stream finished after 5 values") && screen.contains("done · Esc ends it")
        }
        #expect(done.contains("got 1"))
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0 && report.icanon && report.echo)
    }

    @Test func the_timeline_scene_races_its_bars_and_the_generator_scene_obeys_g_and_G() async throws {
        let session = try await start(width: 120, height: 36, arguments: "--workers 0 --producers 0 --consumers 0 --speed 10")
        try session.sendKeys("1")
        // At ×10 the race takes about a second of real time, so a stall of the machine can add to
        // its totals: the drawing ends with the verdict, whatever the exact figure.
        let raced = try await session.waitFor("the verdict of the race") { $0.contains("→ concurrent ") && $0.contains("x sooner (") }
        #expect(raced.contains("sequential A") && raced.contains("concurrent "), "the group starts its jobs in any order")

        try session.sendKeys("m")
        try await session.waitFor(text: "Lessons — pick an example")
        // The controllable generator: the sixth example of the second lesson, the ninth in the menu.
        try session.sendKeys("Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Enter")
        try await session.waitFor(text: "┌ Lesson — streams / A controllable generator")
        try await session.waitFor(text: "▶ running · g pauses · G stops")
        try await session.waitFor(text: "value 3")
        try session.sendKeys("g")
        try await session.waitFor("paused, in the drawing and the transcript") { screen in
            screen.contains("‖ paused · g resumes · G stops") && screen.contains("] pause")
        }
        try session.sendKeys("g")
        try await session.waitFor(text: "] resume")
        try session.sendKeys("G")
        // The stream's end is said first; the run's end reaches the panel with the next snapshot.
        let stopped = try await session.waitFor("the generator stopped and the scene done") { screen in
            screen.contains("stream finished") && screen.contains("done · Esc ends it")
        }
        #expect(stopped.contains("■ stopped"))
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0 && report.icanon && report.echo)
    }
}
