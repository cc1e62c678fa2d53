/// One runnable example of a lesson, with what the dashboard's side panel shows about it.
public struct LessonExample: Sendable, Identifiable {
    public let id: String
    public let title: String
    /// Two or three sentences on the concept.
    public let summary: String
    /// The few lines of Swift that do it.
    public let code: String
    /// Runs the example, narrating through the context.
    public let run: @Sendable (LessonContext) async throws -> Void

    public init(id: String, title: String, summary: String, code: String,
                run: @escaping @Sendable (LessonContext) async throws -> Void) {
        self.id = id
        self.title = title
        self.summary = summary
        self.code = code
        self.run = run
    }
}

/// A lesson: one of the four scripts of the original asyncio demo.
public struct Lesson: Sendable, Identifiable {
    public let id: String
    public let title: String
    public let summary: String
    /// The line that sums the lesson up in Swift.
    public let code: String
    public let examples: [LessonExample]

    public func example(_ id: String) -> LessonExample? {
        examples.first { $0.id == id }
    }
}
