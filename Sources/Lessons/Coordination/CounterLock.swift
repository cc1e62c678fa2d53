/// An actor is Swift's lock: one task at a time inside. But an `await` inside an actor method
/// lets other calls in, so "read, await, write" loses updates (actor reentrancy).
public enum CounterLock {
    /// Correct: the read and the write happen with no suspension between them.
    actor SafeCounter {
        private(set) var value = 0

        func increment() {
            value += 1
        }
    }

    /// Wrong: it reads, awaits (a pretend database call), then writes what it read plus one.
    /// While it is suspended, other increments run and their writes are overwritten.
    actor ReentrantCounter {
        private(set) var value = 0
        let clock: LessonClock

        init(clock: LessonClock) {
            self.clock = clock
        }

        func slowIncrement() async throws {
            let read = value
            try await clock.sleep(for: .milliseconds(10))
            value = read + 1
        }
    }

    public struct Outcome: Sendable {
        public let increments: Int
        public let safeTotal: Int
        public let reentrantTotal: Int
        public var lostUpdates: Int { increments - reentrantTotal }
    }

    public static func run(_ context: LessonContext, increments: Int = 100) async throws -> Outcome {
        let safe = SafeCounter()
        let reentrant = ReentrantCounter(clock: context.clock)
        context.say("\(increments) concurrent increments on each counter, one counter after the other")
        try await context.beat()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<increments { group.addTask { await safe.increment() } }
            try await group.waitForAll()
        }
        let safeTotal = await safe.value
        context.mark(.gauge(label: "actor", value: safeTotal, limit: increments, note: "none lost"))
        context.say("actor without await inside: \(safeTotal) of \(increments)")
        try await context.beat(.milliseconds(1500))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<increments { group.addTask { try await reentrant.slowIncrement() } }
            try await group.waitForAll()
        }
        let outcome = Outcome(increments: increments, safeTotal: safeTotal, reentrantTotal: await reentrant.value)
        context.mark(.gauge(label: "read-await-write", value: outcome.reentrantTotal, limit: increments,
                            note: "\(outcome.lostUpdates) lost"))
        context.say("read, await, write: \(outcome.reentrantTotal) of \(increments); \(outcome.lostUpdates) updates lost")
        try await context.beat()
        context.say("fix: no await between the read and the write (or re-read after it)")
        return outcome
    }
}
