import Locking
import Testing
import TestSupport

@testable import AsyncDemoCore

/// A stand-in primitive: a version under a lock, a change signal, and a count of how often the
/// stream's publisher read the version (each read is one wake-up of the producer side).
private final class CountingSource: Sendable {
    let changes = ChangeSignal()
    private let state = LockedState<(version: UInt64, reads: Int)>((0, 0))

    var versionReads: Int { state.withLock { $0.reads } }

    func readVersion() -> UInt64 {
        state.withLock { state in
            state.reads += 1
            return state.version
        }
    }

    func change() {
        state.withLock { $0.version &+= 1 }
        changes.notify()
    }

    func snapshots(interval: Duration) -> AsyncStream<UInt64> {
        coalescedSnapshots(
            interval: interval, changes: changes,
            version: { self.readVersion() },
            build: {
                let version = self.state.withLock { $0.version }
                return (version, version)
            })
    }
}

/// Reads `stream` in a task until a snapshot satisfies `condition`, failing (instead of hanging)
/// if none does within the `eventually` deadline.
private func expectDelivery<Snapshot: Sendable>(
    from stream: AsyncStream<Snapshot>, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    where condition: @escaping @Sendable (Snapshot) -> Bool
) async {
    let delivered = Recorder<Bool>()
    let reader = Task {
        for await snapshot in stream where condition(snapshot) {
            delivered.append(true)
            return
        }
    }
    await eventually(what, sourceLocation: sourceLocation) { !delivered.values.isEmpty }
    reader.cancel()
}

@Suite struct SnapshotStreamTests {
    @Test func snapshot_stream_does_not_poll_while_nothing_changes() async throws {
        // Given a stream with a 5 ms interval that has published the initial state and parked
        let source = CountingSource()
        let stream = source.snapshots(interval: .milliseconds(5))
        await expectDelivery(from: stream, "the initial snapshot") { $0 == 0 }
        await eventually("the publisher parks") { source.changes.parkedCount == 1 }
        let readsWhenParked = source.versionReads
        // When nothing changes for 40 intervals (a polling stream would read the version ~40 times;
        // this wait only bounds the observation window, it decides nothing by timing)
        try await Task.sleep(for: .milliseconds(200))
        // Then the producer side never woke
        #expect(source.versionReads == readsWhenParked)
        #expect(source.changes.parkedCount == 1)
        // And a change still reaches the subscriber
        source.change()
        await expectDelivery(from: stream, "the change") { $0 == 1 }
    }

    @Test func snapshot_stream_catches_a_change_made_right_after_it_parks() async {
        // Given, many times over, a parked stream
        for round in 0..<200 {
            let source = CountingSource()
            let stream = source.snapshots(interval: .zero)
            await expectDelivery(from: stream, "round \(round): the initial snapshot") { $0 == 0 }
            // When changes race the publisher going to sleep
            source.change()
            source.change()
            // Then the latest one is always delivered
            await expectDelivery(from: stream, "round \(round): the latest change") { $0 == 2 }
        }
    }

    @Test func snapshot_stream_ends_while_parked_when_the_consumer_goes_away() async {
        // Given a parked stream
        let source = CountingSource()
        var iterator: AsyncStream<UInt64>.Iterator? = source.snapshots(interval: .milliseconds(5))
            .makeAsyncIterator()
        #expect(await iterator?.next() == 0)
        await eventually("the publisher parks") { source.changes.parkedCount == 1 }
        // When the consumer drops the stream
        iterator = nil
        // Then the publisher is unparked and gone
        await eventually("the publisher leaves") { source.changes.parkedCount == 0 }
    }

    @Test func idle_primitive_streams_park_and_wake_on_change() async throws {
        // Given streams over a semaphore, a queue and a task board, each idle after its first snapshot
        let semaphore = AsyncSemaphore(permits: 1)
        let queue = BoundedQueue<Int>(capacity: 4)
        let board = TaskBoard()
        let semaphoreSnapshots = semaphore.snapshots(interval: .milliseconds(5))
        let queueSnapshots = queue.snapshots(interval: .milliseconds(5))
        let boardSnapshots = board.snapshots(interval: .milliseconds(5))
        await expectDelivery(from: semaphoreSnapshots, "semaphore initial") { $0.held == 0 }
        await expectDelivery(from: queueSnapshots, "queue initial") { $0.depth == 0 }
        await expectDelivery(from: boardSnapshots, "board initial") { $0.counters.spawned == 0 }
        await eventually("all three park") {
            semaphore.parkedSnapshotStreams == 1 && queue.parkedSnapshotStreams == 1
                && board.parkedSnapshotStreams == 1
        }
        // When each changes once
        try await semaphore.acquire()
        try await queue.send(7)
        await board.register(name: "t", kind: .worker)
        // Then each stream delivers the change
        await expectDelivery(from: semaphoreSnapshots, "semaphore change") { $0.held == 1 }
        await expectDelivery(from: queueSnapshots, "queue change") { $0.depth == 1 }
        await expectDelivery(from: boardSnapshots, "board change") { $0.counters.spawned == 1 }
    }
}
