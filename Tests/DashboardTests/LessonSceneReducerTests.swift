import Lessons
import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Starting, replacing and ending lesson scenes through keys, and which snapshots a scene takes.
@Suite("Reducer: lesson scenes")
struct LessonSceneReducerTests {
    private var model: DashboardModel { DashboardModel(size: Size(width: 100, height: 30)) }

    @Test func the_menu_runs_the_highlighted_example_and_says_so_in_one_command() {
        var m = model
        for key in [KeyEvent.character("m"), .down, .character("j"), .character("j"), .character("k"), .enter] { m.handle(key) }
        let pick = LessonPick(lessonIndex: 0, exampleIndex: 2, run: 1)
        #expect(m.overlay == nil)
        #expect(m.scene?.pick == pick)
        #expect(m.takeCommands() == [.startLesson(pick)])
    }

    /// `snapshot --scene` starts its scene through the model's one door, as the menu would.
    @Test func a_scene_asked_for_by_place_starts_through_update_and_returns_its_command() {
        var m = model
        m.handle(.character("?"))
        let effects = m.update(.startScene(lessonIndex: 3, exampleIndex: 1))
        let pick = LessonPick(lessonIndex: 3, exampleIndex: 1, run: 1)
        #expect(effects == [.perform(.startLesson(pick))])
        #expect(m.scene?.pick == pick && m.overlay == nil, "the help gives way to the scene")
        #expect(m.update(.startScene(lessonIndex: 9, exampleIndex: 0)).isEmpty, "no such lesson: nothing starts")
        #expect(m.scene?.pick == pick)
    }

    @Test func the_highlight_crosses_from_one_lesson_into_the_next_and_stops_at_the_end() {
        var m = model
        m.handle(.character("m"))
        for _ in 0..<3 { m.handle(.down) }
        let entry = m.lessonMenu.highlightedEntry
        #expect(entry.lesson == 1 && entry.example == 0, "after basics' three examples comes streams' first")
        for _ in 0..<100 { m.handle(.down) }
        #expect(m.lessonMenu.highlighted == LessonMenu.entries.count - 1)
    }

    @Test func another_pick_replaces_the_scene_with_a_new_run() {
        var m = model
        m.handle(.character("1"))
        m.handle(.character("m"))
        #expect(m.lessonMenu.highlighted == 0, "the menu opens on the running example")
        m.handle(.character("4"))
        let second = LessonPick(lessonIndex: 3, exampleIndex: 0, run: 2)
        #expect(m.scene?.pick == second && m.overlay == nil)
        #expect(m.takeCommands() == [.startLesson(LessonPick(lessonIndex: 0, exampleIndex: 0, run: 1)), .startLesson(second)])
    }

    @Test func escape_ends_the_scene_and_cancels_its_run_before_clearing_a_hidden_log_filter() {
        var m = model
        m.logView.filter = "permit"
        m.handle(.character("2"))
        _ = m.takeCommands()
        m.handle(.escape)
        #expect(m.scene == nil && m.takeCommands() == [.endLesson])
        #expect(m.logView.filter == "permit")
        m.handle(.escape)
        #expect(m.logView.filter == nil && m.takeCommands().isEmpty)
    }

    @Test func escape_in_the_menu_closes_only_the_menu() {
        var m = model
        m.handle(.character("3"))
        m.handle(.character("m"))
        _ = m.takeCommands()
        m.handle(.escape)
        #expect(m.overlay == nil && m.scene != nil && m.takeCommands().isEmpty)
    }

    @Test func the_menu_lets_the_clock_keys_quit_and_digits_through_and_nothing_else() {
        var m = model
        m.handle(.character("m"))
        for key: Character in ["s", "c", "+", "f", "?"] {
            let handled = m.handle(.character(key))
            #expect(!handled, "\(key) acts behind the menu")
        }
        m.handle(.character(" "))
        #expect(m.isPaused && m.overlay == .lessonMenu)
        m.handle(.character("q"))
        #expect(m.exitStatus == 0)
    }

    @Test func only_the_scene_runs_own_transcripts_are_taken() {
        var m = model
        m.handle(.character("1"))
        m.handle(.character("1"))
        m.receive(LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: .start, lines: ["from the cancelled run"]))
        #expect(m.scene?.transcript == nil)
        let current = LessonTranscript(run: 2, lesson: "basics/concurrent", startedAt: .start, lines: ["[  0.00s] running 3 jobs sequentially"])
        m.receive(current)
        #expect(m.scene?.transcript == current)
        m.handle(.escape)
        m.receive(current)
        #expect(m.scene == nil, "a transcript does not bring an ended scene back")
    }

    @Test func g_and_G_pass_on_to_a_running_scene_only() {
        var m = model
        m.handle(.character("g"))
        #expect(m.takeCommands().isEmpty, "no scene: the keys mean nothing")
        m.handle(.character("3"))
        _ = m.takeCommands()
        m.handle(.character("g"))
        m.handle(.character("g"))
        m.handle(.character("G"))
        #expect(m.takeCommands() == [.controlLesson(.togglePause), .controlLesson(.togglePause), .controlLesson(.stop)])
        m.receive(LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: .start, status: .completed))
        m.handle(.character("g"))
        #expect(m.takeCommands().isEmpty, "a finished scene hears no keys")
    }

    @Test func scenes_are_named_by_lesson_and_example() {
        #expect(LessonPick(named: "files/search", run: 1)?.name == "files/search")
        #expect(LessonPick(named: "streams", run: 1)?.example.id == "generator")
        #expect(LessonPick(named: "files/nope", run: 1) == nil)
        #expect(LessonPick(named: "nope", run: 1) == nil)
        #expect(LessonPick(named: "basics/concurrent/x", run: 1) == nil)
    }

    @Test func the_log_scroll_keys_scroll_a_scenes_transcript_and_new_lines_keep_the_view_still() {
        var m = model
        m.handle(.character("1"))
        let said = (1...40).map { "[  \($0).00s] line \($0)" }
        m.receive(LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: .start, lines: said))
        let page = m.sceneTranscriptPageSize
        _ = m.update(.key(.pageUp))
        #expect(m.scene?.transcriptScrollBack == page)
        #expect(m.logView.scrollBack == 0, "the Log pane under the scene does not move")
        // Two more lines said: the view stays on the same lines.
        m.receive(LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: .start, lines: said + ["[ 41.00s] a", "[ 42.00s] b"]))
        #expect(m.scene?.transcriptScrollBack == page + 2)
        _ = m.update(.key(.pageDown))
        #expect(m.scene?.transcriptScrollBack == 2)
        _ = m.update(.key(.home))
        #expect(m.scene?.transcriptScrollBack == 41, "back to the first line said")
        _ = m.update(.key(.pageUp))
        #expect(m.scene?.transcriptScrollBack == 41, "never past the first line")
        _ = m.update(.key(.end))
        #expect(m.scene?.transcriptScrollBack == 0, "End follows the newest again")
    }

    @Test func the_page_keys_and_the_wheel_scroll_the_transcript_only_while_the_scene_has_the_focus() throws {
        var m = model
        m.handle(.character("1"))
        m.receive(LessonTranscript(run: 1, lesson: "basics/concurrent", startedAt: .start, lines: (1...40).map { "[  \($0).00s] line \($0)" }))
        #expect(m.focusedPane == .scene, "a scene that starts takes the focus")
        let area = try #require(DashboardLayout.of(m).area(of: .scene))
        _ = m.update(.mouse(MouseEvent(.wheelUp, x: area.x + 2, y: area.y + 2)))
        #expect(m.scene?.transcriptScrollBack == DashboardModel.wheelStep, "the wheel over the scene scrolls it")
        m.setFocus(.tasks)
        #expect(m.focusedPane == .tasks)
        _ = m.update(.key(.pageUp))
        #expect(m.scene?.transcriptScrollBack == DashboardModel.wheelStep, "with the Tasks focused the page keys are theirs")
    }

    @Test func without_a_scene_the_scroll_keys_scroll_the_log_pane() {
        var m = model
        var log = LogSnapshot(path: "activity.log")
        log.lines = LineHistory((1...200).map { "line \($0)" })
        log.totalLines = 200
        m.receive(log)
        m.setFocus(.log)
        _ = m.update(.key(.pageUp))
        #expect(m.logView.scrollBack == m.logPageSize && m.scene == nil)
    }
}
