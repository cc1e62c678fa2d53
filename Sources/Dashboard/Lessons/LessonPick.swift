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

/// The lesson menu's highlight: one row per example of the catalog, lessons in order.
public struct LessonMenu: Sendable, Equatable {
    /// Every example in menu order, as (lesson, example) positions.
    static let entries: [(lesson: Int, example: Int)] = LessonCatalog.lessons.indices.flatMap { lesson in
        LessonCatalog.lessons[lesson].examples.indices.map { (lesson, $0) }
    }

    /// Position in `entries`.
    public private(set) var highlighted = 0

    public var highlightedEntry: (lesson: Int, example: Int) { Self.entries[highlighted] }

    /// Moves the highlight, stopping at the first and the last example (no wrapping: a held key
    /// should not fly past the end).
    mutating func move(by offset: Int) {
        highlighted = min(Self.entries.count - 1, max(0, highlighted + offset))
    }

    mutating func highlight(lesson: Int, example: Int) {
        if let index = Self.entries.firstIndex(where: { $0 == (lesson, example) }) { highlighted = index }
    }
}

/// A running (or finished, still shown) lesson scene: what was picked and the newest transcript.
public struct LessonScene: Sendable, Equatable {
    public let pick: LessonPick
    /// The feed's newest snapshot for this run; nil until the first one arrives.
    public var transcript: LessonTranscript?

    public init(pick: LessonPick, transcript: LessonTranscript? = nil) {
        self.pick = pick
        self.transcript = transcript
    }
}
