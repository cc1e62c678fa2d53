import AsyncDemoCore
import Lessons
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Golden renders of each lesson's side panel and of the menu. The transcripts are the
/// examples' own, said in virtual time, so they are the same on every run.
@Suite("Lesson panel and menu renders")
struct LessonPanelTests {
    /// When every test's lesson started, in simulation time.
    private static let start = SimulationInstant.start

    /// What `pick`'s example said and marked up to lesson time `until`, run in virtual time; the
    /// scene's keys are pressed at the lesson times `keys` gives.
    private func transcript(
        of pick: LessonPick, until: Duration, keys: [(at: Duration, LessonControl)] = []
    ) async throws -> LessonTranscript {
        let said = Recorded<[(at: Duration, line: String)]>([])
        let marks = Recorded<[SceneMark]>([])
        let (controls, keyboard) = AsyncStream.makeStream(of: LessonControl.self)
        let link = SceneLink(marks: { mark in marks.update { $0.append(mark) } }, controls: controls)
        let example = pick.example
        // Each line is said on a lesson task, so the clock read as it arrives says when.
        let clock = Recorded<LessonClock?>(nil)
        let sink: @Sendable (String) -> Void = { line in said.update { $0.append((clock.value?.elapsed ?? .zero, line)) } }
        try await LessonRunner.runInVirtualTime(scene: link, sink: sink) { context in
            clock.update { $0 = context.clock }
            _ = context.spawn {
                for (at, key) in keys {
                    try await context.clock.sleep(until: .init(sinceStart: at))
                    keyboard.yield(key)
                }
            }
            try await example.run(context)
        }
        return LessonTranscript(
            run: pick.run, lesson: pick.name, startedAt: Self.start, lines: said.value.filter { $0.at <= until }.map(\.line),
            marks: marks.value.filter { $0.at <= until }, status: .running)
    }

    private func panel(_ scene: LessonScene, at lessonTime: Duration, width: Int, height: Int) -> String {
        var buffer = ScreenBuffer(size: Size(width: width, height: height))
        LessonPanel.render(scene, now: Self.start + lessonTime, theme: .color, in: buffer.bounds, buffer: &buffer)
        return ScreenExport.render(buffer, as: .text)
    }

    private func panel(_ scene: LessonScene, width: Int, height: Int) -> String {
        panel(scene, at: .zero, width: width, height: height)
    }

    @Test(arguments: LessonCatalog.lessons.indices)
    func each_lessons_panel_shows_summary_code_and_the_newest_transcript_lines(lesson: Int) async throws {
        let pick = LessonPick(lessonIndex: lesson, exampleIndex: 0, run: 1)
        let scene = LessonScene(pick: pick, transcript: try await transcript(of: pick, until: .seconds(4.5)))
        let text = panel(scene, at: .seconds(4.5), width: 60, height: 30)
        #expect(text.contains("Lesson — \(pick.lesson.id) / "))
        // Its start: a long line wraps.
        #expect(text.contains(String((scene.transcript?.lines.last ?? "?").prefix(25))), "the newest line shows")
        try GoldenFile.check(text, named: "scene-\(pick.lesson.id)-60x30.txt")
    }

    @Test(arguments: [
        // Lesson times count the scene's 2 s lead-in.
        ("basics/concurrent", 9.5, ["sequential A", "concurrent A", "6.00 s", "▶"]),
        ("basics/errors", 8.0, ["fail fast", "flaky", "✗", "⊘", "collect all", "→ fail fast: 1 failed, 1 cancelled — no comparison"]),
        ("coordination/timeout", 4.5, ["answered in 1.00 s", "0.50 s left"]),
        ("streams/control", 5.0, ["‖ paused · g resumes · G stops", "values    1 2 3 4"]),
        ("coordination/pool", 3.5, ["in use ", "3/3 · ", "waiting"]),
        ("basics/requests", 4.0, ["async let  profile  ███", "task group price 11 ███", "1.50 s"]),
        ("coordination/lifecycle", 4.5, ["tasks download", "report", "⊘"]),
        ("coordination/semaphore", 3.5, ["permits", "holding  ● w1  ● w2  ● w3", "in line  ◌ w4  ◌ w5"]),
        ("coordination/queue", 4.5, ["queue full (3/3): producer", "3/3 · 2 producers blocked"]),
    ])
    func a_scene_draws_what_its_example_marks(name: String, seconds: Double, fragments: [String]) async throws {
        let pick = try #require(LessonPick(named: name, run: 1))
        // The generator's keys: paused at 4.2 s (after four values), stopped after the render.
        let keys: [(at: Duration, LessonControl)] = [(.seconds(4.2), .togglePause), (.seconds(6), .stop)]
        let at = Duration.seconds(seconds)
        let scene = LessonScene(pick: pick, transcript: try await transcript(of: pick, until: at, keys: keys))
        let text = panel(scene, at: at, width: 60, height: 30)
        for fragment in fragments { #expect(text.contains(fragment), "\(name) at \(seconds) s shows \(fragment)") }
        try GoldenFile.check(text, named: "scene-drawing-\(pick.lesson.id)-\(pick.example.id)-60x30.txt")
    }

    @Test func a_running_bar_grows_with_lesson_time_and_freezes_when_the_scene_ends() {
        let marks = [
            SceneMark(at: .zero, .timelineSpan(.seconds(4))),
            SceneMark(at: .zero, .barStarted(track: "t", label: "A")),
            SceneMark(at: .zero, .barStarted(track: "t", label: "B")),
            SceneMark(at: .seconds(2), .barEnded(track: "t", label: "B", .finished)),
        ]
        func bar(at seconds: Double, live: Bool) -> String {
            let rows = SceneVisual.rows(marks, now: .seconds(seconds), live: live, width: 30, theme: .monochrome)
            return rows.first.map { $0.spans.map(\.text).joined() } ?? ""
        }
        let (early, later) = (bar(at: 1, live: true), bar(at: 3, live: true))
        #expect(early.filter { $0 == "█" }.count < later.filter { $0 == "█" }.count)
        #expect(early.hasSuffix("2.00 s  ") && later.hasSuffix("3.00 s  ") && later.contains("▶"))
        // Ended while the bar was open: drawn as of the last mark, cut short, not growing on.
        #expect(bar(at: 3, live: false) == bar(at: 9, live: false))
        #expect(bar(at: 3, live: false).contains("⊘") && !bar(at: 3, live: false).contains("▶"))
    }

    @Test func a_tight_panel_keeps_the_drawing_and_two_transcript_rows() async throws {
        let pick = try #require(LessonPick(named: "basics/concurrent", run: 1))
        let scene = LessonScene(pick: pick, transcript: try await transcript(of: pick, until: .seconds(9.5)))
        let lines = panel(scene, at: .seconds(9.5), width: 78, height: 14).split(separator: "\n").map(String.init)
        let drawing = try #require(lines.firstIndex { $0.contains("─ scene ─") })
        let transcript = try #require(lines.firstIndex { $0.contains("─ transcript") })
        #expect(transcript - drawing - 1 == 7, "a row for each of the six bars, and the axis")
        #expect(lines.count - 1 - transcript - 1 == 2, "two transcript rows above the bottom frame")
    }

    @Test func a_short_panel_cuts_summary_and_code_to_keep_rows_for_the_transcript() throws {
        let pick = LessonPick(lessonIndex: 0, exampleIndex: 1, run: 1)
        let lines = (1...9).map { "[  \($0).00s] line \($0)" }
        let text = panel(LessonScene(pick: pick, transcript: LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: Self.start, lines: lines, status: .completed)),
                         width: 48, height: 14)
        #expect(text.contains("done"))
        #expect(text.split(separator: "\n").dropFirst().filter { $0.contains("…") }.count == 2, "summary and code both say they were cut")
        for line in lines.suffix(LessonPanel.minimumTranscriptRows) { #expect(text.contains(line)) }
    }

    @Test(arguments: [(1, 1), (3, 3), (10, 4), (20, 40)])
    func any_panel_size_renders_without_crashing(width: Int, height: Int) {
        let pick = LessonPick(lessonIndex: 3, exampleIndex: 3, run: 1)
        // Every kind of drawing at once, with a bar and a countdown still running.
        let marks: [SceneMark] = [
            SceneMark(at: .zero, .barStarted(track: "sequential", label: "A")),
            SceneMark(at: .seconds(1), .barEnded(track: "sequential", label: "A", .failed)),
            SceneMark(at: .seconds(1), .barStarted(track: "concurrent", label: "B")),
            SceneMark(at: .seconds(1), .gauge(label: "permits", value: 12, limit: 3, note: "4 waiting")),
            SceneMark(at: .seconds(1), .countdownStarted(label: "slow call", limit: .zero)),
            SceneMark(at: .seconds(1), .generator(.paused)),
            SceneMark(at: .seconds(2), .generated(7)),
        ]
        let transcript = LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: Self.start, lines: ["x"], marks: marks)
        let text = panel(LessonScene(pick: pick, transcript: transcript), at: .seconds(3), width: width, height: height)
        #expect(text.split(separator: "\n").allSatisfy { CharacterWidth.of($0) <= width })
    }

    @Test func the_menu_lists_every_example_and_scrolls_to_the_highlight() throws {
        var model = DashboardModel(size: Size(width: 100, height: 30))
        model.uptime = .seconds(75)
        model.framesPerSecond = 30
        model.handle(.character("m"))
        let top = ScreenExport.render(DashboardView.render(model, theme: .color), as: .text)
        #expect(top.contains("▶ concurrent"))
        for _ in 0..<(LessonMenu.entries.count - 1) { model.handle(.down) }
        let bottom = ScreenExport.render(DashboardView.render(model, theme: .color), as: .text)
        #expect(bottom.contains("▶ pool") && !bottom.contains("1  basics"), "scrolled down to the last example")
        try GoldenFile.check(top, named: "lesson-menu-100x30.txt")
    }

    @Test func a_scene_takes_the_log_and_queue_panes_and_leaves_workers_and_tasks() async throws {
        var model = await Fixtures.typicalModel(Size(width: 100, height: 30))
        model.handle(.character("1"))
        let lines = DashboardView.render(model, theme: .color).textLines()
        #expect(lines[1].hasPrefix("┌ Lesson — basics / ") && lines[1].contains("┌ Workers "))
        #expect(lines.contains { $0.contains("┌ Tasks ") } && !lines.contains { $0.contains("┌ Queue ") || $0.contains("┌ Log") })

        model.size = Size(width: 60, height: 20)
        let stacked = DashboardView.render(model, theme: .color).textLines()
        #expect(stacked[1].hasPrefix("┌ Lesson — basics / "), "stacked: the scene over the Log, Workers and Queue")
        #expect(stacked.contains { $0.contains("┌ Tasks ") } && !stacked.contains { $0.contains("┌ Workers ") })
        #expect(stacked.allSatisfy { CharacterWidth.of($0) <= 60 })
    }

    @Test func a_scene_following_a_log_shows_it_beside_the_panel_and_keeps_the_lesson_task_in_view() async throws {
        var model = await Fixtures.typicalModel(Size(width: 100, height: 30))
        model.apply(.startLesson(3))
        var followed = LogSnapshot(path: "/tmp/scratch/server.log")
        followed.status = .following
        followed.lines = ["INFO server started", "WARN slow response 1.2 s"]
        model.receive(LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: .start, lines: ["[  0.00s] following"]))
        model.scene?.transcript?.followedLog = followed
        let grid = DashboardView.render(model, theme: .color).textLines()
        #expect(grid[1].contains("┌ Log — server.log, the lesson's") && !grid.contains { $0.contains("┌ Workers") })
        #expect(grid.contains { $0.contains("WARN slow response 1.2 s") } && grid.contains { $0.contains("┌ Tasks") })

        model.size = Size(width: 70, height: 24)
        let stacked = DashboardView.render(model, theme: .color).textLines()
        #expect(stacked.contains { $0.contains("┌ Log — server.log, the lesson's") })
        #expect(!stacked.contains { $0.contains("┌ Tasks") }, "stacked, the followed log takes the Tasks' place")
    }

    @Test func wrapping_keeps_code_indented_squeezes_alignment_and_cuts_words_wider_than_a_row() {
        #expect(Wrap.rows("    try await go()      // ~3 s", width: 30, hang: 2, squeezing: true) == ["    try await go() // ~3 s"])
        #expect(Wrap.rows("    alpha beta gamma", width: 14, hang: 2) == ["    alpha beta", "      gamma"])
        #expect(Wrap.rows("one two three", width: 7) == ["one two", "three"])
        #expect(Wrap.rows("[  1.00s] a b", width: 11) == ["[  1.00s] a", "b"], "the transcript's padding stays")
        #expect(Wrap.rows("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(Wrap.rows("a\n\nb", width: 4) == ["a", "", "b"])
        #expect(Wrap.rows("anything", width: 0).isEmpty)
    }

    @Test func the_transcript_scrolls_back_to_its_first_lines_and_says_where_it_is() {
        let pick = LessonPick(lessonIndex: 0, exampleIndex: 1, run: 1)
        let said = ["== requests: Network and database together =="] + (1...30).map { "[\(Narrator.stamp(.seconds($0)))] line \($0)" }
        var scene = LessonScene(pick: pick, transcript: LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: Self.start, lines: said, status: .completed))
        let newest = panel(scene, width: 60, height: 20)
        #expect(newest.contains(" 30.00s] line 30") && !newest.contains("== requests"))
        #expect(newest.contains("─ transcript 28-31 of 31 · ↑ PgUp ─"), "more above, and how to see it")
        #expect(!newest.contains("End follows"))

        scene.transcriptScrollBack = 30
        let oldest = panel(scene, width: 60, height: 20)
        #expect(oldest.contains("== requests: Network and database together =="), "the setup lines are never lost")
        #expect(oldest.contains("transcript 1-") && oldest.contains("of 31 · ↓ End follows") && !oldest.contains("↑ PgUp"))
        #expect(!oldest.contains("line 30"))

        let lines = oldest.split(separator: "\n").map(String.init)
        let rule = lines.firstIndex { $0.contains("─ transcript ") }
        #expect(rule.map { lines[$0 + 1].contains("== requests") } == true, "the first line said is the first row")
    }

    @Test func timeline_labels_stand_in_a_gutter_and_every_bar_starts_at_the_axis_zero() {
        let marks = [
            SceneMark(at: .zero, .timelineSpan(.seconds(3))),
            SceneMark(at: .zero, .barStarted(track: "fail fast", label: "quick")),
            SceneMark(at: .zero, .barStarted(track: "fail fast", label: "flaky")),
            SceneMark(at: .milliseconds(500), .barEnded(track: "fail fast", label: "quick", .finished)),
            SceneMark(at: .seconds(1), .barEnded(track: "fail fast", label: "flaky", .failed)),
        ]
        let rows = SceneVisual.rows(marks, now: .seconds(1), live: false, width: 50, theme: .monochrome)
            .map { $0.spans.map(\.text).joined() }
        // 50 columns: a gutter of "fail fast quick " (16), 25 columns of bars for 3 s, the total.
        func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
        #expect(rows[0] == "fail fast quick " + "████" + spaces(21) + " 1.00 s  ")
        #expect(rows[1] == "          flaky " + "███████✗" + spaces(17))
        #expect(rows[2] == spaces(16) + "0 s" + String(repeating: "·", count: 16) + "3.00 s")
        let axisZero = rows[2].distance(from: rows[2].startIndex, to: rows[2].firstIndex(of: "0")!)
        for bar in rows.prefix(2) {
            let firstCell = bar.distance(from: bar.startIndex, to: bar.firstIndex(of: "█")!)
            #expect(firstCell == axisZero, "each bar starts at the axis's 0: \(bar)")
        }
        // 0.5 s of 3 s over 25 columns is 4 cells, 1 s is 8: the label covers none of them.
        #expect(rows[0].filter { $0 == "█" }.count == 4)
        #expect(rows[1].filter { $0 == "█" || $0 == "✗" }.count == 8)
    }

    /// The failing example to its end: the fail-fast group did less work than collecting all, so
    /// its earlier stop is no speed-up.
    @Test func a_failed_run_gets_no_verdict_but_says_what_became_of_it() async throws {
        let pick = try #require(LessonPick(named: "basics/errors", run: 1))
        let transcript = try await transcript(of: pick, until: .seconds(60))
        let rows = SceneVisual.rows(transcript.marks, now: .seconds(60), live: false, width: 80, theme: .monochrome)
            .map { $0.spans.map(\.text).joined() }
        #expect(!rows.contains { $0.contains("sooner") })
        #expect(rows.last == "→ fail fast: 1 failed, 1 cancelled — no comparison")
    }

    /// The case: `c` on the lesson task while the concurrent jobs run (9.5 s, the lead-in
    /// counted) cancels the scene, and the cut-short group is not faster than anything.
    @Test func a_cancelled_run_gets_no_verdict() async throws {
        let screen = await HeadlessRun.render(
            // The lesson task is the fourth row, below its jobs C, B and A (the newest first).
            settings: ScenarioSettings(), after: .seconds(9.5), keys: HeadlessRun.parseKeys("jjjc")!,
            size: Size(width: 120, height: 36), theme: .monochrome, log: .activity, scene: "basics/concurrent")
        let text = screen.textLines().joined(separator: "\n")
        #expect(text.contains("│ cancelled · Esc ends it"))
        #expect(!text.contains("sooner"))
        #expect(text.contains("→ concurrent: 2 cancelled — no comparison"), "job C had finished; A and B were cut short")
    }

    @Test func two_runs_that_both_finished_the_same_work_get_a_verdict() async throws {
        let pick = try #require(LessonPick(named: "basics/concurrent", run: 1))
        let transcript = try await transcript(of: pick, until: .seconds(60))
        let rows = SceneVisual.rows(transcript.marks, now: .seconds(60), live: false, width: 80, theme: .monochrome)
        #expect(rows.last.map { $0.spans.map(\.text).joined() } == "→ concurrent 2.0x sooner (3.00 s vs 6.00 s)")
    }

    /// At 80x24 a scene has about seven rows for its drawing: bars one after another share a row,
    /// and where even that is too many the verdict stays and the axis goes.
    @Test func a_short_drawing_shares_rows_and_keeps_the_verdict_before_the_axis() async throws {
        func rows(_ name: String, maxRows: Int) async throws -> [String] {
            let pick = try #require(LessonPick(named: name, run: 1))
            let transcript = try await transcript(of: pick, until: .seconds(60))
            return SceneVisual.rows(transcript.marks, now: .seconds(60), live: false, width: 78, maxRows: maxRows, theme: .monochrome)
                .map { $0.spans.map(\.text).joined() }
        }
        let concurrent = try await rows("basics/concurrent", maxRows: 7)
        #expect(concurrent.count == 6)
        #expect(concurrent[0].hasPrefix("sequential A B C █") && concurrent[0].contains("▓"), "one row, bars shaded in turn")
        #expect(concurrent[4].contains("0 s··") && concurrent[5].hasPrefix("→ concurrent 2.0x sooner"))
        let errors = try await rows("basics/errors", maxRows: 7)
        #expect(errors.count == 7 && !errors.contains { $0.contains("0 s··") })
        #expect(errors.last == "→ fail fast: 1 failed, 1 cancelled — no comparison")
    }
}
