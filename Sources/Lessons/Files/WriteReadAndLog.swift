import Foundation
import LogTail

/// An async write then read of a file, and a log monitor that follows a growing log as
/// `tail -F` does (LogTail's follower, reading on a thread of its own).
public enum WriteReadAndLog {
    public struct WriteReadOutcome: Sendable {
        public let bytesWritten: Int
        public let textReadBack: String
    }

    public static let note = "Structured concurrency: every task has a parent, and a parent waits for its children.\n"

    public static func runWriteRead(_ context: LessonContext) async throws -> WriteReadOutcome {
        let path = context.scratchPath("note.txt")
        context.say("writing \(note.utf8.count) bytes to note.txt (on a blocking-work thread)")
        try await context.beat(.milliseconds(1500))
        try await context.blocking.run { try note.write(toFile: path, atomically: true, encoding: .utf8) }
        context.say("written; reading it back")
        try await context.beat(.milliseconds(1500))
        let text = try await context.blocking.run { try String(contentsOfFile: path, encoding: .utf8) }
        context.say("read \(text.utf8.count) bytes: \(text.trimmingCharacters(in: .newlines))")
        return WriteReadOutcome(bytesWritten: note.utf8.count, textReadBack: text)
    }

    public static let logLines = [
        "INFO server started", "INFO GET /", "WARN slow response 1.2 s", "INFO GET /about",
        "ERROR database connection lost", "INFO reconnected", "INFO GET /", "WARN cache miss storm",
    ]

    public struct LogOutcome: Sendable {
        public let linesSeen: [String]
        public let warnings: Int
        public let errors: Int
    }

    public static func runLogMonitor(_ context: LessonContext) async throws -> LogOutcome {
        let path = context.scratchPath("server.log")
        try await context.blocking.run { try Data().write(to: URL(fileURLWithPath: path)) }
        context.mark(.follows(path: path))
        let written = Recorded(0)
        let seenLines = SeenLines()
        // However the example ends, the scene is told what there is to show before the file goes.
        defer { context.mark(.stopsFollowing(afterLines: written.value)) }
        let scene = context.scene
        let writer = context.spawn("writer") {
            for (number, line) in logLines.enumerated() {
                try await context.sleep(.milliseconds(400))
                try await context.blocking.run {
                    try appendLine(line, to: path)
                    seenLines.wait(until: number + 1)
                    scene?.waitUntilPaneShows(number + 1)
                }
                scene?.paneShows(number + 1)
                written.update { $0 += 1 }
            }
        }
        context.say("following server.log while a writer appends to it"
                    + (context.scene == nil ? "" : " (the scene's Log pane follows it too)"))
        var seen: [String] = []
        var warnings = 0
        var errors = 0
        following: for await event in LogFollower(path: path, options: FollowOptions(startPosition: .beginning)) {
            guard case .lines(let batch) = event else { continue }
            for line in batch.map(\.lossyText) {
                seen.append(line)
                if line.hasPrefix("WARN") { warnings += 1 }
                if line.hasPrefix("ERROR") { errors += 1 }
                context.say("log: \(line)")
                // After saying it: the writer goes on only then, so the line is said before
                // anything the writer does next, in every run.
                seenLines.add()
                if seen.count == logLines.count { break following }
            }
        }
        try await writer.value
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        context.say("\(seen.count) lines: \(count(warnings, "warning")), \(count(errors, "error"))")
        return LogOutcome(linesSeen: seen, warnings: warnings, errors: errors)
    }

    static func appendLine(_ line: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }
}
