import Lessons
import Testing

@Suite(.timeLimit(.minutes(1))) struct PrimitiveTests {
    @Test func event_wakes_every_waiter_and_lets_later_ones_through() async throws {
        let (woken, _) = try await inVirtualTime { context in
            let event = AsyncEvent()
            let waiters = (0..<4).map { _ in context.spawn { try await event.wait() } }
            try await context.sleep(.seconds(1))
            #expect(event.waiterCount == 4)
            event.set()
            for waiter in waiters { try await waiter.value }
            try await event.wait()  // already set: returns at once
            return event.waiterCount
        }
        #expect(woken == 0)
    }

    /// asyncio wakes an event's waiters in the order they came; so must we, for a scene's lines
    /// to come in one order on every run (a table's order is its hash seed's, new in every process).
    @Test func event_wakes_its_waiters_in_the_order_they_came() async throws {
        let (order, _) = try await inVirtualTime { context in
            let event = AsyncEvent()
            let woken = Recorded([Int]())
            let waiters = (0..<30).map { index in
                context.spawn {
                    try await event.wait()
                    woken.update { $0.append(index) }
                }
            }
            try await context.sleep(.seconds(1))
            #expect(event.waiterCount == 30)
            event.set()
            for waiter in waiters { try await waiter.value }
            return woken.value
        }
        #expect(order == Array(0..<30))
    }

    @Test func a_cancelled_event_waiter_leaves_without_the_event() async throws {
        let (outcome, _) = try await inVirtualTime { context in
            let event = AsyncEvent()
            let waiter = context.spawn { try await event.wait() }
            try await context.sleep(.seconds(1))
            waiter.cancel()
            let result = await waiter.result
            return (result, event.waiterCount, event.isSet)
        }
        #expect(throws: CancellationError.self) { try outcome.0.get() }
        #expect(outcome.1 == 0)
        #expect(!outcome.2)
    }

    @Test func pool_hands_a_released_resource_to_the_oldest_waiter() async throws {
        let (order, _) = try await inVirtualTime { context in
            let pool = ResourcePool(size: 1)
            let first = try await pool.acquire(for: "a")
            let served = Recorded([String]())
            let waiters = ["b", "c"].map { name in
                context.spawn {
                    let resource = try await pool.acquire(for: name)
                    served.update { $0.append(name) }
                    pool.release(resource)
                }
            }
            try await context.sleep(.seconds(1))
            #expect(pool.waiterCount == 2)
            pool.release(first)
            for waiter in waiters { try await waiter.value }
            #expect(pool.outstanding.isEmpty)
            return served.value
        }
        #expect(order == ["b", "c"])
    }
}
