/// Every lesson, in the order of the original demo's scripts.
public enum LessonCatalog {
    public static let lessons: [Lesson] = [basics, streams, files, coordination]

    /// How long a scene waits after its heading before the example starts (the plain command
    /// does not wait).
    public static let sceneLeadIn = Duration.seconds(2)

    public static func lesson(_ id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }
}

extension LessonExample {
    /// An example whose typed outcome is only for tests: the catalog just runs it.
    init<Outcome>(id: String, title: String, summary: String, code: String,
                  running body: @escaping @Sendable (LessonContext) async throws -> Outcome) {
        self.init(id: id, title: title, summary: summary, code: code) { context in
            context.narrator.heading("\(id): \(title)")
            // A scene holds still a moment first, for the summary and code above it to be read.
            try await context.beat(LessonCatalog.sceneLeadIn)
            _ = try await body(context)
        }
    }
}
