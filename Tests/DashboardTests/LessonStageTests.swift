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

    /// Steps the paused clock `count` times (0.1 s each), each step taken by the lesson before
    /// the next, or a sleep the lesson starts would start late.
    private func step(_ scenario: DemoScenario, _ count: Int) async {
        for _ in 0..<count {
            scenario.perform(.step)
            await scenario.executor.quiet()
        }
    }

    /// Steps through a scene's lead-in, the beat before its example starts.
    private func passLeadIn(_ scenario: DemoScenario) async {
        await eventually("the heading said") { await lines(of: scenario).count == 1 }
        await step(scenario, Int(LessonCatalog.sceneLeadIn.inSeconds * 10))
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
        // Paused, the scene says its heading and holds still in its lead-in.
        await eventually("the heading, said at once") { await lines(of: scenario).count == 1 }
        await scenario.executor.quiet()
        #expect(await lines(of: scenario) == ["== concurrent: Sequential against concurrent =="])
        #expect(await lessonTasks(of: scenario).map(\.name) == ["lesson basics/concurrent"])

        await step(scenario, 20)
        await eventually("the first lines, said after the lead-in") { await lines(of: scenario).count == 3 }
        #expect(await lines(of: scenario).last == "[  2.00s] job A started (2.00 s)")
        // Two seconds of steps finish job A.
        for _ in 0..<20 { scenario.perform(.step) }
        await eventually("job A done after 2 s of steps") { await lines(of: scenario).contains("[  4.00s] job A done") }
        #expect(recorder.contains("lesson scene basics/concurrent started"))
        await scenario.stop()
    }

    private func lessonChildren(of scenario: DemoScenario) async -> [TaskInfo] {
        let snapshot = await scenario.board.snapshot()
        return (snapshot.live + snapshot.recentlyFinished).filter { $0.kind == .lessonChild }.sorted { $0.name < $1.name }
    }

    /// Starts basics/concurrent and steps it to 8.5 s of lesson time: its three jobs run together.
    private func concurrentJobsRunning(_ scenario: DemoScenario) async throws -> TaskInfo {
        scenario.perform(.startLesson(try #require(LessonPick(named: "basics/concurrent", run: 1))))
        await passLeadIn(scenario)
        await step(scenario, 65)
        await eventually("the three jobs sleep together") {
            await lessonChildren(of: scenario).map(\.state) == Array(repeating: .suspended(.sleep), count: 3)
        }
        return try #require(await lessonTasks(of: scenario).first)
    }

    @Test func the_examples_child_tasks_are_on_the_board_under_the_lesson_task() async throws {
        let scenario = await pausedScenario(LogRecorder())
        let lesson = try await concurrentJobsRunning(scenario)
        let children = await lessonChildren(of: scenario)
        #expect(children.map(\.name) == ["job A", "job B", "job C"])
        #expect(children.allSatisfy { $0.parent == lesson.id })
        #expect(lesson.state == .running)
        await step(scenario, 30)
        await eventually("the jobs and the example done") {
            await lessonTasks(of: scenario).first?.state == .completed
        }
        #expect(await lessonChildren(of: scenario).map(\.state) == [.completed, .completed, .completed])
        #expect(await scenario.board.snapshot().counters.illegalTransitions == 0)
        await scenario.stop()
    }

    @Test func ending_the_scene_cancels_its_child_tasks_and_they_say_so_once_they_have_stopped() async throws {
        let scenario = await pausedScenario(LogRecorder())
        _ = try await concurrentJobsRunning(scenario)
        scenario.perform(.endLesson)
        await eventually("the lesson task ended") { await lessonTasks(of: scenario).first?.state.isFinished == true }
        #expect(await lessonChildren(of: scenario).map(\.state) == [.cancelled, .cancelled, .cancelled])
        // Each reported its own end: the board never marked one cancelled while it still ran.
        let children = await lessonChildren(of: scenario)
        #expect(children.allSatisfy { $0.timeline.map(\.state).suffix(2) == [.running, .cancelled] })
        #expect(await scenario.board.snapshot().counters.illegalTransitions == 0)
        await scenario.stop()
    }

    @Test func c_on_one_child_cancels_that_task_and_the_example_goes_on_as_its_group_does() async throws {
        let scenario = await pausedScenario(LogRecorder())
        _ = try await concurrentJobsRunning(scenario)
        let jobB = try #require(await lessonChildren(of: scenario).first { $0.name == "job B" })
        scenario.perform(.cancel(jobB.id))
        await eventually("job B cancelled") { await scenario.board.info(jobB.id)?.state == .cancelled }
        // Its siblings are not cancelled: the group waits for them, then rethrows B's cancellation.
        #expect(await lessonChildren(of: scenario).filter { $0.name != "job B" }.map(\.state) == [.suspended(.sleep), .suspended(.sleep)])
        await step(scenario, 20)
        await eventually("the example ended cancelled") { await lessonTasks(of: scenario).first?.state == .cancelled }
        #expect(await lessonChildren(of: scenario).map(\.state) == [.completed, .cancelled, .completed])
        #expect(await scenario.board.snapshot().counters.illegalTransitions == 0)
        await scenario.stop()
    }

    @Test func another_scene_cancels_the_first_and_its_late_lines_are_not_shown() async throws {
        let recorder = LogRecorder()
        let scenario = await pausedScenario(recorder)
        scenario.perform(.startLesson(LessonPick(lessonIndex: 0, exampleIndex: 0, run: 1)))
        await passLeadIn(scenario)
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
        await passLeadIn(scenario)
        await eventually("the scene says which keys it hears") {
            await lines(of: scenario).contains { $0.contains("g pauses and resumes the generator") }
        }
        await step(scenario, 12)
        await eventually("two values in 1.2 s") { await lines(of: scenario).contains("[  3.00s] value 2") }
        scenario.perform(.controlLesson(.togglePause))
        await eventually("paused") { await lines(of: scenario).last == "[  3.20s] pause" }
        // A second paused: the value due 1.5 s into the example is never produced.
        await step(scenario, 10)
        scenario.perform(.controlLesson(.stop))
        await eventually("stopped, and the example ended") {
            await scenario.lessonFeed.snapshot().transcript?.status == .completed
        }
        let transcript = try #require(await scenario.lessonFeed.snapshot().transcript)
        #expect(Array(transcript.lines.suffix(2)) == ["[  4.20s] stop", "[  4.20s] stream finished"])
        #expect(!transcript.lines.contains { $0.contains("value 3") })
        #expect(transcript.marks.map(\.kind) == [
            .generator(.running), .generated(1), .generated(2), .generator(.paused), .generator(.stopped),
        ])
        await scenario.stop()
    }

    @Test func ending_the_generator_scene_cancels_its_run_rather_than_stopping_it() async throws {
        let scenario = await pausedScenario(LogRecorder())
        scenario.perform(.startLesson(try #require(LessonPick(named: "streams/control", run: 1))))
        await passLeadIn(scenario)
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
        await passLeadIn(scenario)
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
        feed.began(run: 7, lesson: "basics/concurrent", startedAt: start)
        let say = feed.sink(for: 7)
        for number in 1...5 { say("line \(number)") }
        feed.sink(for: 6)("a line of an earlier run")
        feed.ended(run: 7, as: .completed)
        await eventually("every event applied") { await feed.snapshot().caughtUp }
        #expect(await feed.snapshot().transcript == LessonTranscript(run: 7, lesson: "basics/concurrent", startedAt: start, lines: ["line 3", "line 4", "line 5"], status: .completed))
    }
}
