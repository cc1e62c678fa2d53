import Lessons
import Simulation

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
    /// Transcript lines between the newest shown and the newest said; 0 follows the newest.
    public var transcriptScrollBack = 0

    public init(pick: LessonPick, transcript: LessonTranscript? = nil) {
        self.pick = pick
        self.transcript = transcript
    }
}
