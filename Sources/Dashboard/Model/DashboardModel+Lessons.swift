import Simulation
import Lessons

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

    /// Takes the lesson feed's newest snapshot if it belongs to the scene on screen.
    mutating func receive(_ transcript: LessonTranscript) {
        guard let current = scene, current.pick.run == transcript.run else { return }
        scene?.transcript = transcript
    }
}
