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
        @Sendable func name(_ owner: TaskID?) -> String { owner.map { "w\($0.rawValue)" } ?? "?" }
        @Sendable func markPermits() {
            // One reading for both marks: the gauge and the line of names never disagree.
            let now = semaphore.snapshot()
            context.mark { .gauge(label: "permits", value: now.held, limit: permits, note: "\(now.waiterCount) waiting") }
            context.mark { .holders(holding: now.holders.sorted().map(name), waiting: now.waiters.map { name($0.owner) }) }
        }
        context.say("\(workers) workers, \(permits) permits, 1 s of work each")
        try await context.beat()
        let start = context.clock.now
        let settled = try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 1...workers {
                group.addTask {
                    try await context.task("worker \(worker)") {
                        try await context.withPermit(of: semaphore, for: TaskID(rawValue: UInt64(worker))) {
                            context.say("worker \(worker) in")
                            markPermits()
                            try await context.sleep(.seconds(1))
                            context.say("worker \(worker) out")
                        }
                        markPermits()
                    }
                }
            }
            try await context.sleep(.milliseconds(100))
            let settled = semaphore.snapshot()
            markPermits()
            context.say("\(settled.held) holding a permit, \(settled.waiterCount) waiting in line, first come first served")
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
        /// How many sends found the queue full and waited for room: the back-pressure.
        public let waitsForRoom: Int
    }

    /// Producers outpace the consumers (two items every 250 ms against three taking 1.5 s each),
    /// so the queue fills within a second and from then on a producer waits for room each time.
    public static func runProducerConsumer(_ context: LessonContext, capacity: Int = 3) async throws -> QueueOutcome {
        let queue = BoundedQueue<Int>(capacity: capacity)
        let (producers, itemsEach, consumers) = (2, 6, 3)
        let (interval, handling) = (Duration.milliseconds(250), Duration.milliseconds(1500))
        let consumed = Recorded([Int]())
        // Who waits for room now, and how many sends ever did.
        let blocked = Recorded((now: Set<Int>(), waits: 0))
        @Sendable func markQueue() {
            context.mark {
                let waiting = blocked.value.now.sorted()
                let note = switch waiting.count {
                case 0: "no producer blocked"
                case 1: "producer \(waiting[0]) blocked"
                default: "\(waiting.count) producers blocked"
                }
                return .gauge(label: "queue", value: queue.snapshot().depth, limit: capacity, note: note)
            }
            context.mark { .gauge(label: "handled", value: consumed.value.count, limit: producers * itemsEach, note: "") }
        }
        context.say("\(producers) producers (an item every \(Int(interval.inSeconds * 1000)) ms each), \(consumers) consumers (\(Narrator.seconds(handling)) s per item), queue of \(capacity)")
        try await context.beat()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingTaskGroup(of: Void.self) { producing in
                    for producer in 1...producers {
                        producing.addTask { try await context.task("producer \(producer)") {
                            for item in ((producer - 1) * 100 + 1)...((producer - 1) * 100 + itemsEach) {
                                try await context.sleep(interval)
                                // `offer` takes the item only if there is room: otherwise this
                                // producer says so before it parks in `send` until a consumer takes one.
                                if queue.offer(item) {
                                    context.say("producer \(producer) sent \(item) (depth \(queue.snapshot().depth))")
                                } else {
                                    let asked = context.clock.now
                                    blocked.update { $0.now.insert(producer); $0.waits += 1 }
                                    context.say("queue full (\(capacity)/\(capacity)): producer \(producer) waits to send \(item)")
                                    markQueue()
                                    try await context.waiting(for: .queueFull) { try await queue.send(item) }
                                    blocked.update { _ = $0.now.remove(producer) }
                                    context.say("producer \(producer) sent \(item) after waiting \(Narrator.seconds(asked.duration(to: context.clock.now))) s")
                                }
                                markQueue()
                            }
                        } }
                    }
                    try await producing.waitForAll()
                }
                queue.close()
                context.say("producers done; the queue is closed, consumers drain it")
            }
            for consumer in 1...consumers {
                group.addTask {
                    try await context.task("consumer \(consumer)") {
                        while let item = await context.receive(from: queue) {
                            markQueue()
                            try await context.sleep(handling)
                            consumed.update { $0.append(item) }
                            context.say("consumer \(consumer) handled \(item)")
                            markQueue()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let outcome = QueueOutcome(consumed: consumed.value, highWater: queue.snapshot().highWater, capacity: capacity,
                                   waitsForRoom: blocked.value.waits)
        context.say("\(outcome.consumed.count) items, queue never above \(outcome.highWater) of \(capacity); producers waited for room \(outcome.waitsForRoom) times")
        return outcome
    }
}
