import Testing
import TestSupport

@testable import AsyncDemoCore

/// Spawns a task that acquires `semaphore`, appends `label` to `order`, and releases.
private func queueUp(
    _ semaphore: AsyncSemaphore, label: Int, order: Recorder<Int>
) -> Task<Void, any Error> {
    Task {
        try await semaphore.acquire()
        order.append(label)
        semaphore.release()
    }
}

/// Waits until exactly `count` tasks are in line.
private func waitForWaiters(_ semaphore: AsyncSemaphore, _ count: Int) async {
    await eventually("\(count) waiters in line") { semaphore.snapshot().waiterCount == count }
}

@Suite struct SemaphoreTests {
    @Test func semaphore_grants_permits_in_request_order() async throws {
        // Given a semaphore whose only permit is held
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let order = Recorder<Int>()
        // When five tasks line up one after the other and the holder releases
        var tasks: [Task<Void, any Error>] = []
        for label in 1...5 {
            tasks.append(queueUp(semaphore, label: label, order: order))
            await waitForWaiters(semaphore, label)
        }
        semaphore.release()
        for task in tasks { try await task.value }
        // Then they were served first come, first served
        #expect(order.values == [1, 2, 3, 4, 5])
        #expect(semaphore.snapshot().available == 1)
    }

    @Test func semaphore_cancelled_waiter_leaves_line_without_consuming_a_permit() async throws {
        // Given a held permit and one task waiting
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let waiter = Task { try await semaphore.acquire() }
        await waitForWaiters(semaphore, 1)
        // When the waiter is cancelled
        waiter.cancel()
        // Then it throws CancellationError, leaves the line, and the permit count is intact
        await #expect(throws: CancellationError.self) { try await waiter.value }
        let snapshot = semaphore.snapshot()
        #expect(snapshot.waiterCount == 0)
        #expect(snapshot.held == 1)
        #expect(snapshot.cancellations == 1)
        semaphore.release()
        #expect(semaphore.snapshot().available == 1)
    }

    @Test func semaphore_resumes_next_waiter_when_waiter_ahead_is_cancelled() async throws {
        // Given a held permit, and A then B waiting
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let order = Recorder<Int>()
        let first = queueUp(semaphore, label: 1, order: order)
        await waitForWaiters(semaphore, 1)
        let second = queueUp(semaphore, label: 2, order: order)
        await waitForWaiters(semaphore, 2)
        // When A is cancelled and the holder releases
        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        semaphore.release()
        // Then B gets the permit
        try await second.value
        #expect(order.values == [2])
    }

    @Test func semaphore_resumes_next_waiter_when_holder_is_cancelled() async throws {
        // Given a holder inside withPermit that sleeps until cancelled, and a waiter behind it
        let semaphore = AsyncSemaphore(permits: 1)
        let holder = Task {
            try await semaphore.withPermit {
                try await Task.sleep(for: .seconds(3600))
            }
        }
        await eventually("holder holds") { semaphore.snapshot().held == 1 }
        let waiter = Task { try await semaphore.acquire() }
        await waitForWaiters(semaphore, 1)
        // When the holder is cancelled
        holder.cancel()
        // Then withPermit releases on the way out and the waiter is granted
        await #expect(throws: CancellationError.self) { try await holder.value }
        try await waiter.value
        let snapshot = semaphore.snapshot()
        #expect(snapshot.held == 1)
        #expect(snapshot.totalGrants == 2)
    }

    @Test func semaphore_already_cancelled_task_is_refused_without_entering_the_line() async {
        // Given a free permit
        let semaphore = AsyncSemaphore(permits: 1)
        // When a task that is already cancelled calls acquire
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await semaphore.acquire()
        }
        // Then it gets CancellationError at once and the semaphore is untouched
        await #expect(throws: CancellationError.self) { try await task.value }
        let snapshot = semaphore.snapshot()
        #expect(snapshot.held == 0)
        #expect(snapshot.totalGrants == 0)
        #expect(snapshot.waiterCount == 0)
    }

    @Test func semaphore_try_acquire_never_jumps_the_line() async throws {
        // Given one permit, held, and a task waiting
        let semaphore = AsyncSemaphore(permits: 1)
        #expect(semaphore.tryAcquire())
        let waiter = Task { try await semaphore.acquire() }
        await waitForWaiters(semaphore, 1)
        // When the permit count is raised by one while the waiter is still in line...
        // ...then the raise goes to the waiter, and tryAcquire finds nothing left
        semaphore.setPermits(2)
        try await waiter.value
        #expect(!semaphore.tryAcquire())
        #expect(semaphore.snapshot().held == 2)
    }

    @Test func semaphore_raising_permits_wakes_waiters_at_once() async throws {
        // Given zero permits and three waiters
        let semaphore = AsyncSemaphore(permits: 0)
        let waiters = (0..<3).map { _ in Task { try await semaphore.acquire() } }
        await waitForWaiters(semaphore, 3)
        // When permits go up to 2
        semaphore.setPermits(2)
        // Then exactly two are granted, the third keeps waiting
        await eventually("two holders") { semaphore.snapshot().held == 2 }
        #expect(semaphore.snapshot().waiterCount == 1)
        semaphore.setPermits(3)
        for waiter in waiters { try await waiter.value }
        #expect(semaphore.snapshot().held == 3)
    }

    @Test func semaphore_lowering_permits_revokes_nothing_and_applies_as_holders_release() async throws {
        // Given three holders of three permits and one waiter
        let semaphore = AsyncSemaphore(permits: 3)
        for _ in 0..<3 { try await semaphore.acquire() }
        let waiter = Task { try await semaphore.acquire() }
        await waitForWaiters(semaphore, 1)
        // When permits drop to 1
        semaphore.setPermits(1)
        // Then the three keep their permits; releases only wake the waiter once held < 1
        #expect(semaphore.snapshot().held == 3)
        #expect(semaphore.snapshot().available == 0)
        semaphore.release()
        semaphore.release()
        #expect(semaphore.snapshot().held == 1)
        #expect(semaphore.snapshot().waiterCount == 1)
        semaphore.release()
        try await waiter.value
        #expect(semaphore.snapshot().held == 1)
        #expect(semaphore.snapshot().peakHeld == 3)
    }

    @Test func semaphore_snapshot_names_waiting_and_holding_tasks_and_how_long_they_waited() async throws {
        // Given a manual clock and worker 1 holding the only permit
        let time = ManualTime()
        let semaphore = AsyncSemaphore(permits: 1, time: time.source)
        let worker1 = TaskID(rawValue: 1)
        let worker3 = TaskID(rawValue: 3)
        try await semaphore.acquire(for: worker1)
        // When worker 3 queues up and 1.2 s pass
        let waiter = Task { try await semaphore.acquire(for: worker3) }
        await waitForWaiters(semaphore, 1)
        time.advance(by: .milliseconds(1200))
        // Then the snapshot says who holds, who waits, and for how long
        let snapshot = semaphore.snapshot()
        #expect(snapshot.holders == [worker1])
        #expect(snapshot.waiters.map(\.owner) == [worker3])
        #expect(snapshot.waiters.first?.waited == .milliseconds(1200))
        semaphore.release(for: worker1)
        try await waiter.value
        #expect(semaphore.snapshot().holders == [worker3])
    }

    @Test func semaphore_snapshot_stream_publishes_changes_newest_only() async throws {
        // Given a stream of snapshots
        let semaphore = AsyncSemaphore(permits: 4)
        var iterator = semaphore.snapshots(interval: .milliseconds(1)).makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.held == 0)
        // When many changes happen at once
        for _ in 0..<4 { try await semaphore.acquire() }
        // Then the stream catches up to the latest state without one snapshot per change
        var latest = await iterator.next()
        while latest?.held != 4 { latest = await iterator.next() }
        #expect(latest?.totalGrants == 4)
    }

    @Test func semaphore_cancellation_racing_grant_never_loses_nor_duplicates_a_permit() async throws {
        // Given, many times over, a held permit and a waiter
        for _ in 0..<200 {
            let semaphore = AsyncSemaphore(permits: 1)
            try await semaphore.acquire()
            let waiter = Task {
                do {
                    try await semaphore.acquire()
                    semaphore.release()
                    return true
                } catch {
                    return false
                }
            }
            await waitForWaiters(semaphore, 1)
            // When the release and the cancel race each other
            let releaser = Task.detached { semaphore.release() }
            waiter.cancel()
            await releaser.value
            _ = await waiter.value
            // Then whoever won, the permit is back exactly once
            let snapshot = semaphore.snapshot()
            #expect(snapshot.held == 0)
            #expect(snapshot.available == 1)
            #expect(snapshot.waiterCount == 0)
        }
    }
}
