import Lessons

/// One example of the catalog, by position, and which run of a scene it is. A scene's transcript
/// snapshots carry the run, so lines still arriving from an earlier, cancelled run are never
/// shown under a newer one.
public struct LessonPick: Sendable, Hashable {
    public let lessonIndex: Int
    public let exampleIndex: Int
    public let run: Int

    public init(lessonIndex: Int, exampleIndex: Int, run: Int) {
        precondition(LessonCatalog.lessons.indices.contains(lessonIndex), "no lesson \(lessonIndex)")
        precondition(LessonCatalog.lessons[lessonIndex].examples.indices.contains(exampleIndex), "no example \(exampleIndex)")
        self.lessonIndex = lessonIndex
        self.exampleIndex = exampleIndex
        self.run = run
    }

    /// `basics/concurrent`, or just `basics` for its first example; nil when the catalog has no such thing.
    public init?(named name: String, run: Int) {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let lessonIndex = LessonCatalog.lessons.firstIndex(where: { $0.id == parts[0] }) else {
            return nil
        }
        let examples = LessonCatalog.lessons[lessonIndex].examples
        guard let exampleIndex = parts.count == 2 ? examples.firstIndex(where: { $0.id == parts[1] }) : 0 else {
            return nil
        }
        self.init(lessonIndex: lessonIndex, exampleIndex: exampleIndex, run: run)
    }

    public var lesson: Lesson { LessonCatalog.lessons[lessonIndex] }
    public var example: LessonExample { lesson.examples[exampleIndex] }
    /// `basics/concurrent`: how the task board and the activity log name the scene.
    public var name: String { "\(lesson.id)/\(example.id)" }
}
