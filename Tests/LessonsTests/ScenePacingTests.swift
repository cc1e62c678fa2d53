import Lessons
import Testing

/// Scenes are paced for a person watching at 1x: in a scene no example is over before it can be
/// followed, while the plain command (no scene) keeps the example's own timings.
@Suite(.timeLimit(.minutes(1))) struct ScenePacingTests {
    /// What every scene lasts at least, in lesson time (simulated seconds at 1x).
    static let shortestScene = Duration.seconds(5)

    /// Examples a scene runs on its own; the controllable generator runs until its keys stop it.
    static let unattended = LessonCatalog.lessons.flatMap { lesson in
        lesson.examples.filter { $0.id != "control" }.map { (lesson.id, $0.id) }
    }

    /// How long `example` runs in virtual time, in a scene or as the plain command runs it.
    private func duration(of example: LessonExample, inScene: Bool) async throws -> Duration {
        // The dashboard's size for the large file (LessonStage), which sets how often it reports.
        let settings = LessonSettings(largeFileBytes: 20_000_000)
        let (elapsed, _) = try await inVirtualTime(settings: settings, scene: inScene ? RecordingScene().link : nil) { context in
            try await example.run(context)
            return context.clock.elapsed
        }
        return elapsed
    }

    @Test(arguments: unattended)
    func every_scene_lasts_long_enough_to_follow_at_1x(lessonID: String, exampleID: String) async throws {
        let example = try #require(LessonCatalog.lesson(lessonID)?.example(exampleID))
        let elapsed = try await duration(of: example, inScene: true)
        #expect(elapsed >= Self.shortestScene, "\(lessonID)/\(exampleID) is over after \(elapsed)")
    }

    @Test func the_plain_command_keeps_the_examples_own_timing() async throws {
        let concurrent = try #require(LessonCatalog.lesson("basics")?.example("concurrent"))
        #expect(try await duration(of: concurrent, inScene: false) == .seconds(9), "6 s one by one, then 3 s together")
        #expect(try await duration(of: concurrent, inScene: true) == .seconds(9) + LessonCatalog.sceneLeadIn)
        let writeRead = try #require(LessonCatalog.lesson("files")?.example("write-read"))
        #expect(try await duration(of: writeRead, inScene: false) == .zero, "no beats without a scene")
    }
}
