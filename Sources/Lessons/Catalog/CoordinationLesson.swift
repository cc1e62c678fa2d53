extension LessonCatalog {
    static let coordination = Lesson(
        id: "coordination", title: "Coordinating tasks",
        summary: "Tasks that share something must take turns or wait for each other. Semaphores, queues, actors, events and timeouts are the tools; each has a way to go wrong that the examples show.",
        code: "try await semaphore.withPermit { try await work() }",
        examples: [
            LessonExample(
                id: "lifecycle", title: "A task's life",
                summary: "Two tasks are created and watched from outside as they run. One is cancelled halfway and ends with CancellationError; the other is awaited for its value.",
                code: """
                    let download = Task { try await work("download", steps: 2) }
                    let report = Task { try await work("report", steps: 4) }
                    report.cancel()
                    let value = try await download.value
                    if case .failure(let error) = await report.result { print(error) }
                    """,
                running: TaskLifecycle.run),
            LessonExample(
                id: "semaphore", title: "At most N at a time",
                summary: "Ten workers share an AsyncSemaphore of three permits: three work while the rest wait in line, first come first served. Ten seconds of work take four.",
                code: """
                    let semaphore = AsyncSemaphore(permits: 3)
                    for worker in 1...10 {
                        group.addTask { try await semaphore.withPermit { try await work(worker) } }
                    }
                    """,
                running: { try await SemaphoreAndQueue.runSemaphore($0) }),
            LessonExample(
                id: "queue", title: "Producers and consumers",
                summary: "Two producers feed three consumers through a BoundedQueue of three. When it is full, producers wait: the queue's bound is the back-pressure. Closing it lets the consumers drain and stop.",
                code: """
                    let queue = BoundedQueue<Int>(capacity: 3)
                    group.addTask { for item in items { try await queue.send(item) }; queue.close() }
                    group.addTask { for await item in queue { try await handle(item) } }
                    """,
                running: { try await SemaphoreAndQueue.runProducerConsumer($0) }),
            LessonExample(
                id: "lock", title: "Actors and reentrancy",
                summary: "An actor runs one call at a time, so a counter inside it never loses an increment. But an await inside an actor method lets other calls in: read, await, write then loses updates.",
                code: """
                    actor Counter { var value = 0
                        func increment() { value += 1 }                 // safe
                        func slowIncrement() async throws {
                            let read = value
                            try await clock.sleep(for: .milliseconds(10))  // others run here
                            value = read + 1 }                           // lost updates
                    }
                    """,
                running: { try await CounterLock.run($0) }),
            LessonExample(
                id: "event", title: "Events and conditions",
                summary: "Five tasks wait on one event and all go the moment it is set. Then takers wait until a shared stock holds what each needs: every change wakes them to re-check, as a condition does.",
                code: """
                    let ready = AsyncEvent()
                    group.addTask { try await ready.wait(); go() }
                    ready.set()                                    // wakes every waiter
                    while units < needed { await withCheckedContinuation { waiters.append($0) } }
                    """,
                running: { try await EventAndCondition.run($0) }),
            LessonExample(
                id: "timeout", title: "Timeouts",
                summary: "withTimeout races the operation against a sleep in a task group. If the sleep wins, the operation is cancelled and TimeoutError thrown; the call returns only once the operation has ended.",
                code: """
                    let answer = try await withTimeout(.seconds(2)) { try await slowCall() }
                    // group.addTask { try await operation() }
                    // group.addTask { try await clock.sleep(for: limit); return nil }
                    """,
                running: TimeoutDemo.run),
            LessonExample(
                id: "crawler", title: "A polite web crawler",
                summary: "A crawl of a generated link graph, breadth first to depth 3. At most four fetches hold a permit at a time, each URL is fetched once, and a host is asked at most once every half second, so a holder may wait for its host's turn.",
                code: """
                    try await permits.withPermit {
                        let slot = await schedule.reserve(host, now: clock.now)
                        try await clock.sleep(until: slot)
                        return try await fetch(url)
                    }
                    for link in links where visited.insert(link).inserted { next.append(link) }
                    """,
                running: { try await Crawler.run($0) }),
            LessonExample(
                id: "pool", title: "A resource pool",
                summary: "Eight clients share three connections. When all are lent out, clients wait in line; the pool never lends more than it has. One client never gives its connection back, and the pool reports it at the end.",
                code: """
                    let connection = try await pool.acquire(for: client)
                    defer { pool.release(connection) }
                    try await query(on: connection)
                    """,
                running: { try await ResourcePoolDemo.run($0) }),
        ])
}
