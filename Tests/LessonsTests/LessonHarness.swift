import Lessons
import Synchronization

/// Collects transcript lines in memory, in the order they were said.
final class Transcript: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    var sink: @Sendable (String) -> Void {
        { [self] line in lines.withLock { $0.append(line) } }
    }

    func contains(_ fragment: String) -> Bool {
        all.contains { $0.contains(fragment) }
    }
}

/// Runs `body` in virtual time with a fresh transcript.
func inVirtualTime<Result: Sendable>(
    settings: LessonSettings = LessonSettings(largeFileBytes: 20_000_000),
    _ body: @escaping @Sendable (LessonContext) async throws -> Result
) async throws -> (Result, Transcript) {
    let transcript = Transcript()
    let result = try await LessonRunner.runInVirtualTime(settings: settings, sink: transcript.sink, body)
    return (result, transcript)
}
