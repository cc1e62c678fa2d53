import Testing
import TestSupport

@testable import AsyncDemoCore

private func waitFor(_ queue: BoundedQueue<Int>, senders: Int = 0, receivers: Int = 0) async {
    await eventually("\(senders) blocked senders, \(receivers) blocked receivers") {
        let snapshot = queue.snapshot()
        return snapshot.blockedSenders == senders && snapshot.blockedReceivers == receivers
    }
}

@Suite struct BoundedQueueTests {
    @Test func queue_send_suspends_while_full_and_resumes_when_an_item_is_taken() async throws {
        // Given a full queue of capacity 2
        let queue = BoundedQueue<Int>(capacity: 2)
        try await queue.send(1)
        try await queue.send(2)
        // When a third send is made
        let sender = Task { try await queue.send(3) }
        await waitFor(queue, senders: 1)
        #expect(queue.snapshot().depth == 2)
        // Then it completes once a receiver makes room, and order is preserved
        #expect(try await queue.receive() == 1)
        try await sender.value
        #expect(try await queue.receive() == 2)
        #expect(try await queue.receive() == 3)
        #expect(queue.snapshot().highWater == 2)
    }

    @Test func queue_offer_and_poll_never_wait_and_hand_over_to_parked_waiters() async throws {
        // Given a queue of capacity 1
        let queue = BoundedQueue<Int>(capacity: 1)
        // Then offer fills it, refuses when full, and poll empties it, refusing when empty
        #expect(queue.offer(1))
        #expect(!queue.offer(2))
        #expect(queue.poll() == 1)
        #expect(queue.poll() == nil)
        #expect(queue.snapshot().sent == 1 && queue.snapshot().received == 1)
        // When a receiver is parked, an offer goes straight to it
        let receiver = Task { try await queue.receive() }
        await waitFor(queue, receivers: 1)
        #expect(queue.offer(7))
        #expect(try await receiver.value == 7)
        // When a sender is parked on a full queue, a poll takes the head and admits the sender
        #expect(queue.offer(8))
        let sender = Task { try await queue.send(9) }
        await waitFor(queue, senders: 1)
        #expect(queue.poll() == 8)
        try await sender.value
        #expect(queue.poll() == 9)
        // And a closed queue refuses offers
        queue.close()
        #expect(!queue.offer(10))
    }

    @Test func queue_receive_suspends_while_empty_and_wakes_on_send() async throws {
        // Given an empty queue and a waiting receiver
        let queue = BoundedQueue<Int>(capacity: 4)
        let receiver = Task { try await queue.receive() }
        await waitFor(queue, receivers: 1)
        // When an item is sent
        try await queue.send(42)
        // Then the receiver gets it and the law sent == received + depth holds
        #expect(try await receiver.value == 42)
        let snapshot = queue.snapshot()
        #expect(snapshot.sent == snapshot.received + snapshot.depth)
        #expect(snapshot.sent == 1)
    }

    @Test func queue_close_fails_suspended_senders_and_lets_receivers_drain_then_end() async throws {
        // Given a full queue of capacity 1 with a blocked sender
        let queue = BoundedQueue<Int>(capacity: 1)
        try await queue.send(1)
        let blocked = Task { try await queue.send(2) }
        await waitFor(queue, senders: 1)
        // When it is closed
        queue.close()
        // Then the blocked sender fails at once, new sends fail, and receivers drain then end
        await #expect(throws: QueueClosedError.self) { try await blocked.value }
        await #expect(throws: QueueClosedError.self) { try await queue.send(3) }
        #expect(try await queue.receive() == 1)
        #expect(try await queue.receive() == nil)
        #expect(queue.snapshot().isClosed)
    }

    @Test func queue_close_wakes_every_waiting_receiver_with_the_end() async throws {
        // Given three receivers waiting on an empty queue
        let queue = BoundedQueue<Int>(capacity: 1)
        let receivers = (0..<3).map { _ in Task { try await queue.receive() } }
        await waitFor(queue, receivers: 3)
        // When the queue closes
        queue.close()
        // Then all of them see the end
        for receiver in receivers { #expect(try await receiver.value == nil) }
    }

    @Test func queue_cancelled_receiver_takes_no_item_and_it_stays_for_the_next() async throws {
        // Given a receiver waiting on an empty queue
        let queue = BoundedQueue<Int>(capacity: 2)
        let cancelled = Task { try await queue.receive() }
        await waitFor(queue, receivers: 1)
        // When it is cancelled and then an item arrives
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        try await queue.send(7)
        // Then the item is still there for the next receiver
        #expect(queue.snapshot().depth == 1)
        #expect(try await queue.receive() == 7)
    }

    @Test func queue_cancelled_sender_never_enqueues() async throws {
        // Given a full queue and a blocked sender of 99
        let queue = BoundedQueue<Int>(capacity: 1)
        try await queue.send(1)
        let sender = Task { try await queue.send(99) }
        await waitFor(queue, senders: 1)
        // When the sender is cancelled and the queue drained and closed
        sender.cancel()
        await #expect(throws: CancellationError.self) { try await sender.value }
        queue.close()
        // Then 99 never appears
        var drained: [Int] = []
        for await item in queue { drained.append(item) }
        #expect(drained == [1])
        #expect(queue.snapshot().sent == 1)
    }

    @Test func queue_cancellation_racing_delivery_neither_loses_nor_duplicates_an_item() async throws {
        for round in 0..<200 {
            // Given a receiver waiting on an empty queue
            let queue = BoundedQueue<Int>(capacity: 1)
            let receiver = Task { try? await queue.receive() }
            await waitFor(queue, receivers: 1)
            // When a send and the receiver's cancellation race
            let sender = Task.detached { try await queue.send(round) }
            receiver.cancel()
            try await sender.value
            let got = await receiver.value ?? nil
            // Then the item went to the receiver or stayed in the queue, exactly once
            let depth = queue.snapshot().depth
            #expect((got == round) != (depth == 1), "round \(round): got \(String(describing: got)), depth \(depth)")
        }
    }

    @Test func queue_raising_capacity_admits_blocked_senders_at_once() async throws {
        // Given a full queue of capacity 1 with two blocked senders
        let queue = BoundedQueue<Int>(capacity: 1)
        try await queue.send(1)
        let second = Task { try await queue.send(2) }
        await waitFor(queue, senders: 1)
        let third = Task { try await queue.send(3) }
        await waitFor(queue, senders: 2)
        // When the capacity is raised to 3
        queue.setCapacity(3)
        // Then both senders complete without any receive
        try await second.value
        try await third.value
        #expect(queue.snapshot().depth == 3)
    }

    @Test func queue_lowering_capacity_keeps_items_and_blocks_senders_until_below_it() async throws {
        // Given three items in a queue of capacity 4
        let queue = BoundedQueue<Int>(capacity: 4)
        for item in 1...3 { try await queue.send(item) }
        // When the capacity drops to 1
        queue.setCapacity(1)
        let sender = Task { try await queue.send(4) }
        await waitFor(queue, senders: 1)
        // Then nothing is dropped and the sender waits until the depth is below 1
        #expect(queue.snapshot().depth == 3)
        #expect(try await queue.receive() == 1)
        #expect(try await queue.receive() == 2)
        #expect(queue.snapshot().blockedSenders == 1)
        #expect(try await queue.receive() == 3)
        try await sender.value
        #expect(try await queue.receive() == 4)
    }

    @Test func queue_capacity_zero_hands_items_straight_from_sender_to_receiver() async throws {
        // Given a rendezvous queue and a blocked sender
        let queue = BoundedQueue<Int>(capacity: 0)
        let sender = Task { try await queue.send(5) }
        await waitFor(queue, senders: 1)
        // When a receiver arrives, then it takes the item directly
        #expect(try await queue.receive() == 5)
        try await sender.value
        #expect(queue.snapshot().depth == 0)
    }

    @Test func queue_producers_and_consumers_conserve_every_item() async throws {
        // Given 2 producers of 2,000 items each and 3 consumers on a queue of capacity 8
        let queue = BoundedQueue<Int>(capacity: 8)
        let got = Recorder<Int>()
        let consumers = (0..<3).map { _ in
            Task { for await item in queue { got.append(item) } }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<2 {
                group.addTask { for item in 0..<2000 { try await queue.send(producer * 10_000 + item) } }
            }
            try await group.waitForAll()
        }
        queue.close()
        for consumer in consumers { await consumer.value }
        // Then every item was received exactly once
        #expect(got.values.sorted() == (0..<2000).map { $0 } + (0..<2000).map { 10_000 + $0 })
        let snapshot = queue.snapshot()
        #expect(snapshot.sent == 4000 && snapshot.received == 4000 && snapshot.depth == 0)
    }
}
