import Lessons
import TerminalKit
import Testing

@testable import Dashboard

/// Golden renders of each lesson's side panel and of the menu. The transcripts are the
/// examples' own, said in virtual time, so they are the same on every run.
@Suite("Lesson panel and menu renders")
struct LessonPanelTests {
    /// The narration of `pick`'s example up to `lines` lines.
    private func transcript(of pick: LessonPick, lines: Int) async throws -> LessonTranscript {
        let said = Recorded<[String]>([])
        let example = pick.example
        try await LessonRunner.runInVirtualTime(sink: { line in said.update { $0.append(line) } }) { try await example.run($0) }
        return LessonTranscript(run: pick.run, lines: Array(said.value.prefix(lines)), status: .running)
    }

    private func panel(_ scene: LessonScene, width: Int, height: Int) -> String {
        var buffer = ScreenBuffer(size: Size(width: width, height: height))
        LessonPanel.render(scene, theme: .color, in: buffer.bounds, buffer: &buffer)
        return ScreenExport.render(buffer, as: .text)
    }

    @Test(arguments: LessonCatalog.lessons.indices)
    func each_lessons_panel_shows_summary_code_and_the_newest_transcript_lines(lesson: Int) async throws {
        let pick = LessonPick(lessonIndex: lesson, exampleIndex: 0, run: 1)
        let scene = LessonScene(pick: pick, transcript: try await transcript(of: pick, lines: 12))
        let text = panel(scene, width: 60, height: 30)
        #expect(text.contains("Lesson — \(pick.lesson.id) / "))
        // Its start: a long line wraps.
        #expect(text.contains(String((scene.transcript?.lines.last ?? "?").prefix(40))), "the newest line shows")
        try GoldenFile.check(text, named: "scene-\(pick.lesson.id)-60x30.txt")
    }

    @Test func a_short_panel_cuts_summary_and_code_to_keep_rows_for_the_transcript() throws {
        let pick = LessonPick(lessonIndex: 0, exampleIndex: 1, run: 1)
        let lines = (1...9).map { "[  \($0).00s] line \($0)" }
        let text = panel(LessonScene(pick: pick, transcript: LessonTranscript(run: 1, lines: lines, status: .completed)),
                         width: 48, height: 14)
        #expect(text.contains("done"))
        #expect(text.split(separator: "\n").dropFirst().filter { $0.contains("…") }.count == 2, "summary and code both say they were cut")
        for line in lines.suffix(LessonPanel.minimumTranscriptRows) { #expect(text.contains(line)) }
    }

    @Test(arguments: [(1, 1), (3, 3), (10, 4), (20, 40)])
    func any_panel_size_renders_without_crashing(width: Int, height: Int) {
        let pick = LessonPick(lessonIndex: 3, exampleIndex: 3, run: 1)
        let text = panel(LessonScene(pick: pick, transcript: LessonTranscript(run: 1, lines: ["x"])), width: width, height: height)
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

    @Test func wrapping_keeps_code_indented_squeezes_alignment_and_cuts_words_wider_than_a_row() {
        #expect(Wrap.rows("    try await go()      // ~3 s", width: 30, hang: 2, squeezing: true) == ["    try await go() // ~3 s"])
        #expect(Wrap.rows("    alpha beta gamma", width: 14, hang: 2) == ["    alpha beta", "      gamma"])
        #expect(Wrap.rows("one two three", width: 7) == ["one two", "three"])
        #expect(Wrap.rows("[  1.00s] a b", width: 11) == ["[  1.00s] a", "b"], "the transcript's padding stays")
        #expect(Wrap.rows("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(Wrap.rows("a\n\nb", width: 4) == ["a", "", "b"])
        #expect(Wrap.rows("anything", width: 0).isEmpty)
    }
}
