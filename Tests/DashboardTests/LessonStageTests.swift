import AsyncDemoCore
import Foundation
import Lessons
import Testing
import TestSupport

@testable import Dashboard
@testable import Simulation

/// The lesson feed and stage on a real scenario whose clock is paused and stepped by hand, so
/// every line is said when the test says time has passed, not when the machine gets to it.
@Suite("Lesson stage and feed")
struct LessonStageTests {
    private func pausedScenario(_ recorder: LogRecorder) async -> DemoScenario {
        let scenario = makeScenario(recorder)
        scenario.time.clock.setPaused(true)
        scenario.start()
        return scenario
    }

    private func lines(of scenario: DemoScenario) async -> [String] {
        await scenario.lessonFeed.snapshot().transcript?.lines ?? []
    }

    private func lessonTasks(of scenario: DemoScenario) async -> [TaskInfo] {
        let snapshot = await scenario.board.snapshot()
        return (snapshot.live + snapshot.recentlyFinished).filter { $0.kind == .lesson }
    }

    @Test func a_scene_runs_on_the_scenario_clock_as_a_lesson_task_and_its_lines_reach_the_feed() async throws {
        let recorder = LogRecorder()
        let scenario = await pausedScenario(recorder)
        let pick = try #require(LessonPick(named: "basics/concurrent", run: 1))
        scenario.perform(.startLesson(pick))
        await eventually("the first lines, said at 0.00 s") { await lines(of: scenario).count == 3 }
        #expect(await lines(of: scenario).last == "[  0.00s] job A started (2.00 s)")
        #expect(await lessonTasks(of: scenario).map(\.name) == ["lesson basics/concurrent"])

        // Paused, nothing more is said once everything has run; two seconds of steps finish job A.
        await scenario.executor.quiet()
        #expect(await lines(of: scenario).count == 3)
        for _ in 0..<20 { scenario.perform(.step) }
        await eventually("job A done after 2 s of steps") { await lines(of: scenario).contains("[  2.00s] job A done") }
        #expect(recorder.contains("lesson scene basics/concurrent started"))
        await scenario.stop()
    }

    @Test func another_scene_cancels_the_first_and_its_late_lines_are_not_shown() async throws {
        let recorder = LogRecorder()
        let scenario = await pausedScenario(recorder)
        scenario.perform(.startLesson(LessonPick(lessonIndex: 0, exampleIndex: 0, run: 1)))
        await eventually("the first scene's lines") { await lines(of: scenario).count == 3 }
        scenario.perform(.startLesson(LessonPick(lessonIndex: 0, exampleIndex: 1, run: 2)))
        let heading = "== requests: Network and database together =="
        await eventually("the first run cancelled, the second running and said its heading") {
            let tasks = await lessonTasks(of: scenario).sorted { $0.id.rawValue < $1.id.rawValue }
            let said = await lines(of: scenario)
            return tasks.map(\.state) == [.cancelled, .running] && said.first == heading
        }
        let transcript = await scenario.lessonFeed.snapshot().transcript
        #expect(transcript?.run == 2 && transcript?.status == .running)
        #expect(transcript?.lines.first == heading)
        #expect(transcript?.lines.contains { $0.contains("job A") } == false)

        scenario.perform(.endLesson)
        await eventually("the second run cancelled") { await scenario.lessonFeed.snapshot().transcript?.status == .cancelled }
        await scenario.stop()
    }

    @Test func the_generator_scene_is_paused_and_stopped_by_the_keys_it_is_passed() async throws {
        let scenario = await pausedScenario(LogRecorder())
        scenario.perform(.startLesson(try #require(LessonPick(named: "streams/control", run: 1))))
        await eventually("the scene says which keys it hears") {
            await lines(of: scenario).contains { $0.contains("g pauses and resumes the generator") }
        }
        // Each step waits for the lesson to take it, or the generator's next sleep would start late.
        for _ in 0..<12 {
            scenario.perform(.step)
            await scenario.executor.quiet()
        }
        await eventually("two values in 1.2 s") { await lines(of: scenario).contains("[  1.00s] value 2") }
        scenario.perform(.controlLesson(.togglePause))
        await eventually("paused") { await lines(of: scenario).last == "[  1.20s] pause" }
        // A second paused: the value due at 1.5 s is never produced.
        for _ in 0..<10 {
            scenario.perform(.step)
            await scenario.executor.quiet()
        }
        scenario.perform(.controlLesson(.stop))
        await eventually("stopped, and the example ended") {
            await scenario.lessonFeed.snapshot().transcript?.status == .completed
        }
        let transcript = try #require(await scenario.lessonFeed.snapshot().transcript)
        #expect(Array(transcript.lines.suffix(2)) == ["[  2.20s] stop", "[  2.20s] stream finished"])
        #expect(!transcript.lines.contains { $0.contains("value 3") })
        #expect(transcript.marks.map(\.kind) == [
            .generator(.running), .generated(1), .generated(2), .generator(.paused), .generator(.stopped),
        ])
        await scenario.stop()
    }

    @Test func ending_the_generator_scene_cancels_its_run_rather_than_stopping_it() async throws {
        let scenario = await pausedScenario(LogRecorder())
        scenario.perform(.startLesson(try #require(LessonPick(named: "streams/control", run: 1))))
        await eventually("the generator waits for keys") {
            await lines(of: scenario).contains { $0.contains("g pauses and resumes") }
        }
        scenario.perform(.endLesson)
        await eventually("the lesson task ended") { await lessonTasks(of: scenario).first?.state.isFinished == true }
        #expect(await lessonTasks(of: scenario).first?.state == .cancelled)
        await eventually("the panel says cancelled") { await scenario.lessonFeed.snapshot().transcript?.status == .cancelled }
        #expect(!(await lines(of: scenario)).contains { $0.hasSuffix("] stop") }, "Esc is not the G key")
        await scenario.stop()
    }

    @Test func the_log_monitor_scene_follows_its_log_to_the_last_line_and_then_stops() async throws {
        let scenario = await pausedScenario(LogRecorder())
        scenario.perform(.startLesson(try #require(LessonPick(named: "files/log-monitor", run: 1))))
        await eventually("the scene follows") { await lines(of: scenario).contains { $0.contains("following server.log") } }
        // 8 lines, one every 0.4 s of lesson time: 3.2 s, stepped with the lesson keeping up.
        for _ in 0..<40 where await scenario.lessonFeed.snapshot().transcript?.status == .running {
            scenario.perform(.step)
            await scenario.executor.quiet()
        }
        await eventually("the scene's own feed has shown every line, then stopped") {
            await scenario.lessonFeed.snapshot().transcript?.followedLog?.status == .stopped("stopped following: the lesson is done with it")
        }
        let transcript = try #require(await scenario.lessonFeed.snapshot().transcript)
        #expect(transcript.status == .completed)
        #expect(Array(transcript.followedLog?.lines ?? []) == WriteReadAndLog.logLines)
        #expect(transcript.marks.isEmpty, "following is the stage's business, not the drawing's")
        await scenario.stop()
    }

    @Test func the_feed_keeps_the_newest_lines_within_its_limit_and_says_when_it_is_caught_up() async {
        let feed = LessonFeed(historyLimit: 3)
        let running = Task { await feed.run() }
        defer { running.cancel() }
        let start = SimulationInstant.start
        feed.began(run: 7, startedAt: start)
        let say = feed.sink(for: 7)
        for number in 1...5 { say("line \(number)") }
        feed.sink(for: 6)("a line of an earlier run")
        feed.ended(run: 7, as: .completed)
        await eventually("every event applied") { await feed.snapshot().caughtUp }
        #expect(await feed.snapshot().transcript == LessonTranscript(
            run: 7, startedAt: start, lines: ["line 3", "line 4", "line 5"], status: .completed))
    }
}
