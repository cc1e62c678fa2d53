/// Thrown by `BoundedQueue.send` once the queue is closed, including to senders that were
/// already suspended when it closed: their element was not enqueued.
public struct QueueClosedError: Error, Equatable, CustomStringConvertible {
    public init() {}

    public var description: String { "the queue is closed: the element was not sent" }
}

/// A bounded multi-producer, multi-consumer FIFO queue with back-pressure.
///
/// - `send` suspends while the queue is full; `receive` suspends while it is empty.
/// - `close()` fails every sender at once (suspended ones too) with `QueueClosedError`; receivers
///   drain what is left and then get nil. Every waiter wakes.
/// - Cancellation: a cancelled receiver takes nothing (the item stays for the next receiver); a
///   cancelled sender enqueues nothing. Both throw `CancellationError`, and an already-cancelled
///   task gets it at once without touching the queue.
/// - `setCapacity` changes the bound while running; capacity 0 makes it a rendezvous.
/// - Waiters of each kind are served in FIFO order.
public final class BoundedQueue<Element: Sendable>: Sendable, AsyncSequence {
    // Sending, receiving and iterating are `@inlinable` (see `BoundedQueueStorage` for why).
    @usableFromInline let storage: BoundedQueueStorage<Element>

    public init(capacity: Int) {
        storage = BoundedQueueStorage(capacity: capacity)
    }

    /// Enqueues `element`, waiting while the queue is full.
    /// - Throws: `QueueClosedError` if the queue is or becomes closed; `CancellationError`.
    @inlinable
    public func send(_ element: Element) async throws {
        try await storage.send(element)
    }

    /// The next element, waiting while the queue is empty; nil once closed and drained.
    /// - Throws: `CancellationError` if cancelled before an element was taken.
    @inlinable
    public func receive() async throws -> Element? {
        try await storage.receive()
    }

    /// Enqueues `element` only if that needs no wait: false when the queue is full or closed.
    /// Lets a producer report "blocked" before it parks in `send`, not after.
    @inlinable
    public func offer(_ element: Element) -> Bool {
        storage.offer(element)
    }

    /// The next element if one is ready now, without waiting; nil when the queue is empty.
    @inlinable
    public func poll() -> Element? {
        storage.poll()
    }

    /// Closes the queue. Idempotent.
    public func close() {
        storage.close()
    }

    public func setCapacity(_ capacity: Int) {
        storage.setCapacity(capacity)
    }

    public func snapshot() -> BoundedQueueSnapshot {
        storage.snapshot
    }

    /// How many snapshot streams are parked waiting for a change (for tests: an idle stream
    /// must be parked, not polling).
    var parkedSnapshotStreams: Int { storage.changes.parkedCount }

    /// Snapshots as they change, newest only, at most one per `interval`.
    public func snapshots(interval: Duration = .milliseconds(50)) -> AsyncStream<BoundedQueueSnapshot> {
        let storage = storage
        return coalescedSnapshots(
            interval: interval,
            changes: storage.changes,
            version: { storage.version },
            build: {
                let snapshot = storage.snapshot
                return (snapshot.version, snapshot)
            })
    }

    @inlinable
    public func makeAsyncIterator() -> Iterator {
        Iterator(storage: storage)
    }

    /// Ends (returns nil) when the queue is closed and drained, or when the consuming task is
    /// cancelled; a cancelled iteration takes no element.
    public struct Iterator: AsyncIteratorProtocol {
        @usableFromInline let storage: BoundedQueueStorage<Element>

        @inlinable
        init(storage: BoundedQueueStorage<Element>) {
            self.storage = storage
        }

        @inlinable
        public mutating func next() async -> Element? {
            try? await storage.receive()
        }
    }
}
