import Lessons
import Testing

@Suite(.timeLimit(.minutes(1))) struct CatalogTests {
    @Test func catalog_holds_the_lessons_and_examples_of_issue_6() {
        let ids = LessonCatalog.lessons.map { "\($0.id): " + $0.examples.map(\.id).joined(separator: " ") }
        #expect(ids == [
            "basics: concurrent requests errors",
            "streams: generator monitor lines batches system control",
            "files: write-read log-monitor batch large-file search",
            "coordination: lifecycle semaphore queue lock event timeout crawler pool",
        ])
    }

    @Test func every_example_has_side_panel_metadata() {
        for lesson in LessonCatalog.lessons {
            #expect(!lesson.title.isEmpty && !lesson.code.isEmpty)
            for example in lesson.examples {
                let sentences = example.summary.split(separator: ". ").count
                #expect((2...3).contains(sentences), "\(lesson.id)/\(example.id): \(sentences) sentences")
                #expect(example.code.split(separator: "\n").count <= 8, "\(lesson.id)/\(example.id): code too long for the panel")
                #expect(!example.title.isEmpty)
            }
        }
    }

    /// Every example through the catalog, as the command runs it, in virtual time: each prints
    /// its heading and narrates timestamped lines.
    @Test(arguments: LessonCatalog.lessons.flatMap { lesson in lesson.examples.map { (lesson.id, $0.id) } })
    func every_example_runs_and_narrates(lessonID: String, exampleID: String) async throws {
        let example = try #require(LessonCatalog.lesson(lessonID)?.example(exampleID))
        let (_, transcript) = try await inVirtualTime(settings: LessonSettings(largeFileBytes: 3_000_000)) { context in
            try await example.run(context)
        }
        let lines = transcript.all
        #expect(lines.first == "== \(example.id): \(example.title) ==")
        #expect(lines.count >= 3)
        #expect(lines.dropFirst().allSatisfy { $0.range(of: #"^\[ *\d+\.\d\ds\] "#, options: .regularExpression) != nil })
    }

    @Test func narrator_stamps_lesson_time_in_aligned_seconds() {
        #expect(Narrator.stamp(.zero) == "  0.00s")
        #expect(Narrator.stamp(.milliseconds(2500)) == "  2.50s")
        #expect(Narrator.stamp(.seconds(123.456)) == "123.46s")
    }
}
