/// Every lesson, in the order of the original demo's scripts.
public enum LessonCatalog {
    public static let lessons: [Lesson] = [basics, streams, files, coordination]

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
            _ = try await body(context)
        }
    }
}
