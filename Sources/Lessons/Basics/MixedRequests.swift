/// Simulated network requests and database queries in flight together: `async let` for a fixed
/// handful, a task group for a list whose length is known only at run time.
public enum MixedRequests {
    public struct Outcome: Sendable {
        public let profile: String
        public let orderCount: Int
        public let prices: [Int: Int]
        public let elapsed: Duration
        /// What the same calls would take one after another.
        public let sequentialEstimate: Duration
    }

    static let profileLatency = Duration.seconds(1.5)
    static let ordersLatency = Duration.seconds(1)
    static let priceLatency = Duration.milliseconds(800)
    public static let productIDs = [11, 12, 13, 14, 15]

    static func fetchProfile(_ context: LessonContext) async throws -> String {
        context.say("network: GET /users/7 ...")
        try await context.task("profile", bar: "async let") { try await context.sleep(profileLatency) }
        context.say("network: /users/7 answered")
        return "user 7 (Ada)"
    }

    static func queryOrders(_ context: LessonContext) async throws -> Int {
        context.say("database: SELECT orders WHERE user = 7 ...")
        try await context.task("orders", bar: "async let") { try await context.sleep(ordersLatency) }
        context.say("database: 3 orders")
        return 3
    }

    static func queryPrice(_ id: Int, _ context: LessonContext) async throws -> Int {
        try await context.task("price \(id)", bar: "task group") { try await context.sleep(priceLatency) }
        context.say("database: price of product \(id)")
        return id * 100 + 99
    }

    public static func run(_ context: LessonContext) async throws -> Outcome {
        let start = context.clock.now
        context.say("async let: profile and orders start now, awaited later")
        async let profile = fetchProfile(context)
        async let orderCount = queryOrders(context)
        context.say("task group: \(productIDs.count) price queries")
        let prices = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for id in productIDs { group.addTask { (id, try await queryPrice(id, context)) } }
            var prices: [Int: Int] = [:]
            for try await (id, price) in group { prices[id] = price }
            return prices
        }
        let outcome = Outcome(
            profile: try await profile, orderCount: try await orderCount, prices: prices,
            elapsed: start.duration(to: context.clock.now),
            sequentialEstimate: profileLatency + ordersLatency + priceLatency * productIDs.count)
        try await context.beat(.milliseconds(1500))
        context.say("all answers in \(Narrator.seconds(outcome.elapsed)) s; one by one would take \(Narrator.seconds(outcome.sequentialEstimate)) s")
        return outcome
    }
}
