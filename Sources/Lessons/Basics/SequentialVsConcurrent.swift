import Foundation

/// Three jobs (2 s, 3 s, 1 s) awaited one after another, then all at once in a task group.
public enum SequentialVsConcurrent {
    public struct Job: Sendable {
        public let name: String
        public let duration: Duration
    }

    public struct Outcome: Sendable {
        public let sequential: Duration
        public let concurrent: Duration
        public var speedUp: Double { sequential.inSeconds / concurrent.inSeconds }
    }

    public static let jobs = [
        Job(name: "A", duration: .seconds(2)), Job(name: "B", duration: .seconds(3)),
        Job(name: "C", duration: .seconds(1)),
    ]

    /// An async function: it suspends while it "works", leaving the thread to other tasks.
    static func perform(_ job: Job, on track: String, in context: LessonContext) async throws -> String {
        context.say("job \(job.name) started (\(Narrator.seconds(job.duration)) s)")
        try await context.bar(job.name, on: track) { try await context.sleep(job.duration) }
        context.say("job \(job.name) done")
        return job.name
    }

    public static func run(_ context: LessonContext) async throws -> Outcome {
        context.mark(.timelineSpan(jobs.reduce(.zero) { $0 + $1.duration }))
        context.say("running \(jobs.count) jobs sequentially")
        let sequentialStart = context.clock.now
        for job in jobs { _ = try await perform(job, on: "sequential", in: context) }
        let sequential = sequentialStart.duration(to: context.clock.now)
        context.say("sequential: \(Narrator.seconds(sequential)) s")

        context.say("running \(jobs.count) jobs concurrently")
        let concurrentStart = context.clock.now
        try await withThrowingTaskGroup(of: String.self) { group in
            for job in jobs {
                group.addTask { try await context.task("job \(job.name)") { try await perform(job, on: "concurrent", in: context) } }
            }
            try await group.waitForAll()
        }
        let concurrent = concurrentStart.duration(to: context.clock.now)
        let outcome = Outcome(sequential: sequential, concurrent: concurrent)
        context.say("concurrent: \(Narrator.seconds(concurrent)) s")
        context.say("speed-up: \(String(format: "%.1f", outcome.speedUp))x (the sum against the longest job)")
        return outcome
    }
}
