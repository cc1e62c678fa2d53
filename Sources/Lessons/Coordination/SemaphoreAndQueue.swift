import AsyncDemoCore

/// AsyncDemoCore's two primitives at work: a semaphore that lets N tasks in at a time, and a
/// bounded queue between producers and consumers that makes fast producers wait.
public enum SemaphoreAndQueue {
    public struct SemaphoreOutcome: Sendable {
        public let peakHolders: Int
        /// Holders and waiters a moment after every worker has asked for a permit.
        public let heldOnceAllAsked: Int
        public let waitingOnceAllAsked: Int
        public let elapsed: Duration
    }

    public static func runSemaphore(_ context: LessonContext, workers: Int = 10, permits: Int = 3) async throws -> SemaphoreOutcome {
        let semaphore = AsyncSemaphore(permits: permits)
        let start = context.clock.now
        @Sendable func markPermits() {
            context.mark {
                let now = semaphore.snapshot()
                return .gauge(label: "permits", value: now.held, limit: permits, note: "\(now.waiterCount) waiting")
            }
        }
        context.say("\(workers) workers, \(permits) permits, 1 s of work each")
        let settled = try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 1...workers {
                group.addTask {
                    try await semaphore.withPermit {
                        context.say("worker \(worker) in")
                        markPermits()
                        try await context.sleep(.seconds(1))
                        context.say("worker \(worker) out")
                    }
                    markPermits()
                }
            }
            try await context.sleep(.milliseconds(100))
            let settled = semaphore.snapshot()
            markPermits()
            context.say("\(settled.held) holding a permit, \(settled.waiterCount) waiting in line")
            try await group.waitForAll()
            return settled
        }
        let outcome = SemaphoreOutcome(peakHolders: semaphore.snapshot().peakHeld, heldOnceAllAsked: settled.held,
                                       waitingOnceAllAsked: settled.waiterCount, elapsed: start.duration(to: context.clock.now))
        context.say("done in \(Narrator.seconds(outcome.elapsed)) s; never more than \(outcome.peakHolders) inside")
        return outcome
    }

    public struct QueueOutcome: Sendable {
        public let consumed: [Int]
        public let highWater: Int
        public let capacity: Int
    }

    public static func runProducerConsumer(_ context: LessonContext, capacity: Int = 3) async throws -> QueueOutcome {
        let queue = BoundedQueue<Int>(capacity: capacity)
        let (producers, itemsEach) = (2, 6)
        let consumed = Recorded([Int]())
        @Sendable func markQueue() {
            context.mark {
                let now = queue.snapshot()
                return .gauge(label: "queue", value: now.depth, limit: capacity,
                              note: "\(now.blockedSenders) producer\(now.blockedSenders == 1 ? "" : "s") blocked")
            }
            context.mark { .gauge(label: "handled", value: consumed.value.count, limit: producers * itemsEach, note: "") }
        }
        context.say("\(producers) producers (an item every 200 ms), 3 consumers (500 ms per item), queue of \(capacity)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingTaskGroup(of: Void.self) { producing in
                    for producer in 0..<producers {
                        producing.addTask {
                            for item in (producer * 100 + 1)...(producer * 100 + itemsEach) {
                                try await context.sleep(.milliseconds(200))
                                try await queue.send(item)
                                context.say("produced \(item) (depth \(queue.snapshot().depth))")
                                markQueue()
                            }
                        }
                    }
                    try await producing.waitForAll()
                }
                queue.close()
            }
            for consumer in 1...3 {
                group.addTask {
                    for await item in queue {
                        try await context.sleep(.milliseconds(500))
                        consumed.update { $0.append(item) }
                        context.say("consumer \(consumer) handled \(item)")
                        markQueue()
                    }
                }
            }
            try await group.waitForAll()
        }
        let highWater = queue.snapshot().highWater
        context.say("\(consumed.value.count) items, queue never above \(highWater) of \(capacity)")
        return QueueOutcome(consumed: consumed.value, highWater: highWater, capacity: capacity)
    }
}
