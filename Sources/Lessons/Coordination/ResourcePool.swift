import AsyncDemoCore
import Locking

/// A fixed set of resources (connections) lent out one per task. A semaphore with one permit per
/// resource does the waiting, so waiters queue in FIFO order and the pool can never lend more
/// than it has; a lock guards which resource is free and who holds which.
public final class ResourcePool: Sendable {
    private struct State {
        var free: [Int]
        var holders: [Int: String] = [:]
        var peakInUse = 0
    }

    public let size: Int
    private let permits: AsyncSemaphore
    private let state: LockedState<State>

    public init(size: Int) {
        self.size = size
        permits = AsyncSemaphore(permits: size)
        state = LockedState(State(free: Array((1...size).reversed())))
    }

    /// Waits for a free resource and lends it to `holder`.
    public func acquire(for holder: String) async throws -> Int {
        try await permits.acquire()
        return state.withLock { state in
            // A permit guarantees a free resource: permits and free resources move together.
            let resource = state.free.removeLast()
            state.holders[resource] = holder
            state.peakInUse = max(state.peakInUse, state.holders.count)
            return resource
        }
    }

    public func release(_ resource: Int) {
        state.withLock { state in
            precondition(state.holders.removeValue(forKey: resource) != nil, "resource \(resource) was not lent out")
            state.free.append(resource)
        }
        permits.release()
    }

    public var waiterCount: Int { permits.snapshot().waiterCount }
    public var inUse: Int { state.withLock { $0.holders.count } }
    public var peakInUse: Int { state.withLock { $0.peakInUse } }

    /// Resources lent and never returned, with who took them.
    public var outstanding: [Int: String] { state.withLock { $0.holders } }
}

/// Eight clients share three connections; one of them forgets to give its connection back.
public enum ResourcePoolDemo {
    public struct Outcome: Sendable {
        public let size: Int
        public let peakInUse: Int
        public let mostWaiting: Int
        public let served: Int
        public let leaked: [Int: String]
    }

    public static let forgetfulClient = "client 5"

    public static func run(_ context: LessonContext, clients: Int = 8, size: Int = 3) async throws -> Outcome {
        let pool = ResourcePool(size: size)
        let mostWaiting = Recorded(0)
        let served = Recorded(0)
        @Sendable func markPool() {
            context.mark { .gauge(label: "in use", value: pool.inUse, limit: size, note: "\(pool.waiterCount) waiting") }
        }
        context.say("\(clients) clients, a pool of \(size) connections")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...clients {
                group.addTask {
                    try await context.task("client \(index)") {
                        let client = "client \(index)"
                        try await context.sleep(.milliseconds(100 * index))
                        let connection = try await pool.acquire(for: client)
                        mostWaiting.update { $0 = max($0, pool.waiterCount) }
                        context.say("\(client) got connection #\(connection) (\(pool.waiterCount) waiting)")
                        markPool()
                        try await context.sleep(.seconds(1))
                        served.update { $0 += 1 }
                        if client == forgetfulClient {
                            context.say("\(client) finishes without releasing #\(connection)")
                            return
                        }
                        pool.release(connection)
                        context.say("\(client) released #\(connection)")
                        markPool()
                    }
                }
            }
            try await group.waitForAll()
        }
        let leaked = pool.outstanding
        context.mark(.gauge(label: "in use", value: pool.inUse, limit: size, note: "\(leaked.count) never returned"))
        for (connection, holder) in leaked.sorted(by: { $0.key < $1.key }) {
            context.say("LEAK: connection #\(connection) taken by \(holder) was never returned")
        }
        context.say("peak in use \(pool.peakInUse) of \(size)")
        return Outcome(size: size, peakInUse: pool.peakInUse, mostWaiting: mostWaiting.value,
                       served: served.value, leaked: leaked)
    }
}
