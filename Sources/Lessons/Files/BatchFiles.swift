import AsyncDemoCore
import Foundation

/// Many files processed with at most N at a time (an AsyncSemaphore), with a progress bar.
public enum BatchFiles {
    public struct Outcome: Sendable {
        public let processed: Int
        public let totalWords: Int
        public let peakConcurrent: Int
        public let progressLines: [String]
    }

    /// `[#####-----] 20/40`
    public static func progressBar(done: Int, total: Int, width: Int = 20) -> String {
        let filled = total == 0 ? width : done * width / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total)"
    }

    public static func run(_ context: LessonContext, fileCount: Int = 40, limit: Int = 4) async throws -> Outcome {
        let directory = context.scratchPath("batch")
        try await context.blocking.run {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for index in 1...fileCount {
                let words = Array(repeating: "word", count: index).joined(separator: " ")
                try words.write(toFile: "\(directory)/file-\(index).txt", atomically: false, encoding: .utf8)
            }
        }
        context.say("\(fileCount) files to process, at most \(limit) at a time")
        let semaphore = AsyncSemaphore(permits: limit)
        let running = Recorded((now: 0, peak: 0))
        var progress: [String] = []
        var done = 0
        var totalWords = 0
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 1...fileCount {
                group.addTask {
                    try await context.task("file \(index)") { try await context.withPermit(of: semaphore) {
                        running.update { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                        defer { running.update { $0.now -= 1 } }
                        let path = "\(directory)/file-\(index).txt"
                        let text = try await context.blocking.run { try String(contentsOfFile: path, encoding: .utf8) }
                        // Stands for the real work done per file (parsing, resizing, uploading).
                        try await context.sleep(.milliseconds(200))
                        return text.split(separator: " ").count
                    } }
                }
            }
            for try await words in group {
                done += 1
                totalWords += words
                context.mark(.gauge(label: "files done", value: done, limit: fileCount, note: ""))
                context.mark {
                    let (now, peak) = running.value
                    return .gauge(label: "at once", value: now, limit: limit, note: "peak \(peak)")
                }
                // A bar every tenth of the way, not every file: the transcript stays readable.
                if done * 10 / fileCount != (done - 1) * 10 / fileCount || done == fileCount {
                    let line = progressBar(done: done, total: fileCount)
                    progress.append(line)
                    context.say(line)
                }
            }
        }
        try await context.beat()
        context.say("\(done) files, \(totalWords) words; never more than \(running.value.peak) at once")
        return Outcome(processed: done, totalWords: totalWords, peakConcurrent: running.value.peak, progressLines: progress)
    }
}
