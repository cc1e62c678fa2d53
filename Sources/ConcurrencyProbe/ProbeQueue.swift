import AsyncDemoCore
import Synchronization

/// The core's `BoundedQueue` (FIFO, back-pressure, cancellation-safe), named, with each item in
/// and out recorded with the depth after it, and a producer held by a full queue recorded as
/// blocked until its item goes in (or it is cancelled). Items are numbered in the order they
/// were sent, so the dashboard can follow one from producer to consumer.
public final class ProbeQueue<Element: Sendable>: Sendable {
    struct Numbered: Sendable {
        let number: Int
        let element: Element
    }

    public let name: String
    private let queue: BoundedQueue<Numbered>
    private let probe: Probe
    private let nextNumber = Atomic<Int>(0)
    /// Its blocked senders and depth, for a dashboard that attaches later.
    private let present: ProbeQueueState

    init(name: String, capacity: Int, present: ProbeQueueState, probe: Probe) {
        self.name = name
        queue = BoundedQueue(capacity: capacity)
        self.present = present
        self.probe = probe
        present.add(queue)
    }

    /// The queue's figures now (capacity, depth, blocked senders and receivers...).
    public func snapshot() -> BoundedQueueSnapshot { queue.snapshot() }

    /// Enqueues `element`, waiting while the queue is full.
    /// - Throws: `QueueClosedError` once the queue is closed; `CancellationError`.
    public func send(_ element: Element) async throws {
        // The core's contract: an already-cancelled task does not touch the queue.
        if Task.isCancelled { throw CancellationError() }
        let task = probe.current, ring = probe.ring
        let item = Numbered(number: nextNumber.add(1, ordering: .relaxed).newValue, element: element)
        if !queue.offer(item) {
            present.blocked(task)
            probe.setState(of: task, to: .waiting(.queueFull), on: name)
            defer {
                present.unblocked(task)
                probe.setState(of: task, to: .running)
            }
            try await queue.send(item)
        }
        if ring.isAttached {
            ring.append(.itemEnqueued(item: item.number, producer: task, depth: queue.snapshot().depth), resource: name)
        }
    }

    /// The next element, waiting while the queue is empty; nil once closed and drained.
    /// - Throws: `CancellationError` if cancelled before an element was taken.
    public func receive() async throws -> Element? {
        if Task.isCancelled { throw CancellationError() }
        let task = probe.current, ring = probe.ring
        var item = queue.poll()
        if item == nil {
            // Named, so the dashboard counts the receivers each queue has waiting.
            probe.setState(of: task, to: .waiting(.queueEmpty), on: name)
            defer { probe.setState(of: task, to: .running) }
            item = try await queue.receive()
        }
        guard let item else { return nil }
        if ring.isAttached {
            ring.append(.itemDequeued(item: item.number, consumer: task, depth: queue.snapshot().depth), resource: name)
        }
        return item.element
    }

    /// Closes the queue: senders fail, receivers drain what is left and then get nil.
    public func close() { queue.close() }

    public func setCapacity(_ capacity: Int) {
        queue.setCapacity(capacity)
        present.resized(to: capacity)
    }
}
