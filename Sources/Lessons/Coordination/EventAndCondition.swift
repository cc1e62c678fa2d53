/// An event that many tasks wait on, set once; and a condition-style wait, where each task waits
/// until the shared state satisfies its own predicate.
public enum EventAndCondition {
    /// Shared stock that tasks wait on until there is enough for them: asyncio.Condition's
    /// `wait_for(predicate)`, where every change wakes the waiters to re-check.
    actor Stock {
        private(set) var units = 0
        private var waiters: [(needed: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Returns once `needed` units are in stock, and takes them.
        func take(_ needed: Int) async {
            while units < needed {
                await withCheckedContinuation { waiters.append((needed, $0)) }
            }
            units -= needed
        }

        func add(_ count: Int) {
            units += count
            // Wake everyone: each re-checks its own predicate, as notify_all does.
            let woken = waiters
            waiters = []
            for waiter in woken { waiter.continuation.resume() }
        }
    }

    public struct Outcome: Sendable {
        public let eventSetAt: Duration
        /// When each of the waiters on the event woke.
        public let eventWakeTimes: [Duration]
        /// (what each taker needed, when it got it)
        public let conditionWakes: [(needed: Int, at: Duration)]
    }

    public static func run(_ context: LessonContext, waiters: Int = 5) async throws -> Outcome {
        let ready = AsyncEvent()
        context.say("\(waiters) tasks wait for the 'ready' event")
        let wakes = try await withThrowingTaskGroup(of: Duration.self) { group in
            for index in 1...waiters {
                group.addTask {
                    try await context.task("waiter \(index)") {
                        if !ready.isSet { try await context.waiting(for: .event) { try await ready.wait() } }
                        context.say("waiter \(index) released")
                        return context.clock.elapsed
                    }
                }
            }
            try await context.sleep(.seconds(1))
            context.say("setting 'ready' (\(ready.waiterCount) waiting)")
            ready.set()
            return try await group.reduce(into: [Duration]()) { $0.append($1) }
        }
        let setAt = Duration.seconds(1)

        context.say("condition: takers wait until the stock holds what they need")
        let stock = Stock()
        let start = context.clock.elapsed
        let conditionWakes = try await withThrowingTaskGroup(of: (Int, Duration).self) { group in
            for needed in [3, 1, 2] {
                group.addTask {
                    try await context.task("taker of \(needed)") {
                        // The stock starts empty, so every taker waits for its units.
                        try await context.waiting(for: .event) { await stock.take(needed) }
                        context.say("taker needing \(needed) got it")
                        return (needed, context.clock.elapsed - start)
                    }
                }
            }
            for _ in 1...6 {
                try await context.sleep(.milliseconds(500))
                await stock.add(1)
                context.say("stock +1 (\(await stock.units))")
            }
            return try await group.reduce(into: [(Int, Duration)]()) { $0.append($1) }
        }
        return Outcome(eventSetAt: setAt, eventWakeTimes: wakes, conditionWakes: conditionWakes.map { (needed: $0.0, at: $0.1) })
    }
}
