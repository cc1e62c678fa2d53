extension LessonCatalog {
    static let basics = Lesson(
        id: "basics", title: "async and await",
        summary: "An async function can suspend, letting others run while it waits. Awaiting one call after another adds the waits up; starting them together costs only the longest.",
        code: "async let a = job(2); async let b = job(3)\nlet results = try await (a, b)",
        examples: [
            LessonExample(
                id: "concurrent", title: "Sequential against concurrent",
                summary: "The same three jobs of 2 s, 3 s and 1 s, awaited one by one and then started together in a task group. One by one takes the sum, about 6 s; together, the longest, about 3 s.",
                code: """
                    for job in jobs { try await perform(job) }          // ~6 s
                    try await withThrowingTaskGroup(of: String.self) { group in
                        for job in jobs { group.addTask { try await perform(job) } }
                        try await group.waitForAll()                     // ~3 s
                    }
                    """,
                running: SequentialVsConcurrent.run),
            LessonExample(
                id: "requests", title: "Network and database together",
                summary: "A profile request and an orders query start at once with async let and are awaited only where needed. A list of price queries, whose length is known only at run time, goes into a task group.",
                code: """
                    async let profile = fetchProfile()
                    async let orders = queryOrders()
                    let prices = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                        for id in ids { group.addTask { (id, try await queryPrice(id)) } }
                        return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                    }
                    """,
                running: MixedRequests.run),
            LessonExample(
                id: "errors", title: "Errors and cancellation",
                summary: "When a child of a throwing task group fails, the group cancels its siblings, waits for them, and the parent sees the error. To keep going instead, each child returns a Result, like gather(return_exceptions=True).",
                code: """
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for child in children { group.addTask { try await work(child) } }
                        try await group.waitForAll()   // first error cancels the rest
                    }
                    // collect all: each child turns its error into a value
                    group.addTask { do { .success(try await work(child)) } catch { .failure(error) } }
                    """,
                running: ErrorPropagation.run),
        ])
}
