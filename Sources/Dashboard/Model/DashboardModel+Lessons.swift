import Simulation
import Lessons
import TerminalKit

/// The lesson keys' part of the reducer: the menu, and starting and ending scenes. The example
/// itself runs in the scenario (`LessonStage`); the model only asks for it through `commands`.
extension DashboardModel {
    mutating func toggleLessonMenu() {
        if overlay == .lessonMenu {
            overlay = nil
            return
        }
        overlay = .lessonMenu
        if let pick = scene?.pick { lessonMenu.highlight(lesson: pick.lessonIndex, example: pick.exampleIndex) }
    }

    /// Shows a new scene and asks the scenario to run it (which cancels the one before); closes
    /// whatever overlay was open. Out-of-range positions (a digit past the last lesson) do nothing.
    mutating func startScene(lessonIndex: Int, exampleIndex: Int) {
        guard LessonCatalog.lessons.indices.contains(lessonIndex),
              LessonCatalog.lessons[lessonIndex].examples.indices.contains(exampleIndex) else { return }
        scenesStarted += 1
        let pick = LessonPick(lessonIndex: lessonIndex, exampleIndex: exampleIndex, run: scenesStarted)
        scene = LessonScene(pick: pick)
        lessonMenu.highlight(lesson: lessonIndex, example: exampleIndex)
        overlay = nil
        commands.append(.startLesson(pick))
    }

    /// Passes a scene key on to the running example; with no scene running it means nothing.
    mutating func controlScene(_ key: LessonControl) {
        guard let scene, scene.transcript?.status ?? .running == .running else { return }
        commands.append(.controlLesson(key))
    }

    mutating func endScene() {
        scene = nil
        commands.append(.endLesson)
    }

    /// The scene a frame shows. Live, the frame brings the newest transcript of the scene the
    /// person started (a closed scene's keeps coming, unshown); a past instant or a replay shows
    /// the scene that was on screen then, or none, as the event log tells it.
    mutating func showScene(of frame: SimulationFrame) {
        guard past != nil || isReplay else {
            if let lesson = frame.lesson { receive(lesson) }
            return
        }
        guard let lesson = frame.lesson, let pick = LessonPick(named: lesson.lesson, run: lesson.run) else {
            scene = nil
            return
        }
        if scene?.pick != pick { scene = LessonScene(pick: pick) }
        receive(lesson)
    }

    /// Takes the lesson feed's newest snapshot if it belongs to the scene on screen. While
    /// scrolled back, the transcript stays on the same lines as new ones arrive below them.
    mutating func receive(_ transcript: LessonTranscript) {
        guard let current = scene, current.pick.run == transcript.run else { return }
        if current.transcriptScrollBack > 0, let previous = current.transcript {
            scene?.transcriptScrollBack += max(0, transcript.lines.count - previous.lines.count)
        }
        scene?.transcript = transcript
        scrollSceneTranscript(by: 0)
    }

    /// Lines a page of the scene's transcript scrolls: it shares the Log pane's place with the
    /// rest of the panel, so about half of that pane's lines.
    var sceneTranscriptPageSize: Int { max(1, logPageSize / 2) }

    /// The Log pane's scroll keys scroll the transcript while a scene covers that pane (and no
    /// overlay or filter prompt has the keys); true when the key was taken.
    mutating func scrollSceneTranscript(with key: KeyEvent) -> Bool {
        // The scene's keys while it has the focus (as it does once it starts); with the Tasks
        // or the Log focused beside it, the page keys are theirs.
        guard scene != nil, focusedPane == .scene, overlay == nil, logView.draft == nil,
              let action = KeyMap.action(for: key, in: self) else { return false }
        switch action {
        case .scrollLogBack: scrollSceneTranscript(by: sceneTranscriptPageSize)
        case .scrollLogForward: scrollSceneTranscript(by: -sceneTranscriptPageSize)
        case .scrollLogToOldest: scrollSceneTranscript(by: Int.max / 2)
        case .followLog: scene?.transcriptScrollBack = 0
        default: return false
        }
        return true
    }

    /// Back by `lines` (forward when negative), at most to the first line said.
    mutating func scrollSceneTranscript(by lines: Int) {
        guard let current = scene else { return }
        let mostBack = max(0, (current.transcript?.lines.count ?? 0) - 1)
        scene?.transcriptScrollBack = min(mostBack, max(0, current.transcriptScrollBack + lines))
    }
}
