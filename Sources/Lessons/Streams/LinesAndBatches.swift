import Foundation

/// A file read line by line as an AsyncSequence, and requests processed in batches of N.
public enum LinesAndBatches {
    public struct LinesOutcome: Sendable {
        public let lineCount: Int
        public let first: String?
        public let last: String?
        public let errorLines: Int
    }

    public static let generatedLineCount = 1_000

    public static func runLines(_ context: LessonContext) async throws -> LinesOutcome {
        let path = context.scratchPath("app.log")
        try await context.blocking.run {
            let text = (1...generatedLineCount)
                .map { "line \($0): \($0 % 50 == 0 ? "ERROR" : "INFO") request served" }
                .joined(separator: "\n") + "\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        context.say("wrote \(generatedLineCount) lines; reading them back with for try await")
        try await context.beat()
        var count = 0
        var first: String?
        var last: String?
        var errorLines = 0
        for try await line in FileLines(path: path, blocking: context.blocking, chunkBytes: 4096) {
            count += 1
            if first == nil { first = line }
            last = line
            if line.contains("ERROR") {
                errorLines += 1
                if errorLines <= 3 {
                    context.say("found: \(line)")
                    try await context.beat(.milliseconds(700))
                }
            }
        }
        context.say("\(count) lines read, \(errorLines) with ERROR; one 4 KiB chunk in memory at a time")
        return LinesOutcome(lineCount: count, first: first, last: last, errorLines: errorLines)
    }

    public struct BatchOutcome: Sendable {
        public let batchSizes: [Int]
        /// How many requests were in flight at most at any moment.
        public let peakInFlight: Int
        public let handled: [Int]
        public let elapsed: Duration
    }

    /// How long request `id` takes: 300 ms to 700 ms, fixed so every run tells the same story.
    public static func latency(of id: Int) -> Duration {
        .milliseconds(300 + (id * 137) % 5 * 100)
    }

    public static func runBatches(_ context: LessonContext, requestCount: Int = 10, batchSize: Int = 3) async throws -> BatchOutcome {
        let requests = Array(1...requestCount)
        let inFlight = Recorded((now: 0, peak: 0))
        var sizes: [Int] = []
        var handled: [Int] = []
        let start = context.clock.now
        for batchStart in stride(from: 0, to: requests.count, by: batchSize) {
            let batch = Array(requests[batchStart..<min(batchStart + batchSize, requests.count)])
            sizes.append(batch.count)
            context.say("batch \(sizes.count): requests \(batch.map(String.init).joined(separator: ", "))")
            // Each batch runs concurrently; the next starts only when the whole batch is done.
            let done = try await withThrowingTaskGroup(of: Int.self) { group in
                for id in batch {
                    group.addTask {
                        try await context.task("fetch \(id)") {
                            inFlight.update { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                            defer { inFlight.update { $0.now -= 1 } }
                            try await context.sleep(latency(of: id))
                            return id
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            handled += done.sorted()
            context.say("batch \(sizes.count) done")
        }
        let elapsed = start.duration(to: context.clock.now)
        try await context.beat()
        context.say("\(requests.count) requests in \(sizes.count) batches of at most \(batchSize), \(Narrator.seconds(elapsed)) s")
        return BatchOutcome(batchSizes: sizes, peakInFlight: inFlight.value.peak, handled: handled, elapsed: elapsed)
    }
}
