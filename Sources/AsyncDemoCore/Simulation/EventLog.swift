import Locking
import Synchronization

/// The simulation's one ordered log of events: every change appends here, stamped with the
/// simulated instant and the next sequence number. Bounded: past `capacity` the oldest events
/// are dropped and counted, never silently lost (the header shows the count). Kept encoded
/// (`EventStorage`), so a full log of 200,000 events takes a few megabytes, not twenty.
public final class EventLog: Sendable {
    public struct Contents: Sendable {
        /// Oldest first, with consecutive sequence numbers.
        public var events: [SimulationEvent]
        /// How many events were dropped from the front to keep the log within its capacity.
        public var dropped: UInt64
    }

    private struct State {
        var events = EventStorage()
        var dropped: UInt64 = 0
        var sequence: UInt64 = 0

        /// The sequence number of the oldest event kept (one past the newest when none is).
        var firstKept: UInt64 { sequence - UInt64(events.count) + 1 }
    }

    public let capacity: Int
    private let state = LockedState(State())
    /// The newest sequence number, readable without the lock (the executor polls it at quiet
    /// points to tell whether a frame is due).
    private let newest = Atomic<UInt64>(0)
    private let now: @Sendable () -> SimulationInstant

    public init(capacity: Int = 200_000, now: @escaping @Sendable () -> SimulationInstant) {
        precondition(capacity > 0, "an event log holds at least one event")
        self.capacity = capacity
        self.now = now
    }

    /// The sequence number of the newest event; 0 before the first.
    public var sequence: UInt64 { newest.load(ordering: .acquiring) }

    public var dropped: UInt64 { state.withLock { $0.dropped } }

    /// The bytes the kept events take, for the tests that hold memory to a budget.
    public var storedBytes: Int { state.withLock { $0.events.allocatedBytes } }

    /// Appends `kind` as the next event, at the simulated instant now.
    public func append(_ kind: SimulationEvent.Kind) {
        // Read before the lock: the clock takes a lock of its own.
        let at = now()
        appendLocked(kind, at: at)
    }

    @inline(never)
    private func appendLocked(_ kind: SimulationEvent.Kind, at: SimulationInstant) {
        state.withLock { state in
            state.sequence += 1
            if state.events.count == capacity {
                state.events.removeFirst()
                state.dropped += 1
            }
            state.events.append(kind, at: at)
            newest.store(state.sequence, ordering: .releasing)
        }
    }

    /// The events kept, oldest first, and the count dropped.
    public func contents() -> Contents {
        state.withLock { Contents(events: $0.events.events(from: 0, firstSequence: $0.firstKept), dropped: $0.dropped) }
    }

    /// The events after `sequence` that are still kept, oldest first; at most `limit` of them
    /// (a recording reads in batches, so a slow disk never holds the whole log decoded).
    public func events(after sequence: UInt64, limit: Int = .max) -> [SimulationEvent] {
        state.withLock { state in
            let first = state.firstKept
            let skip = sequence >= first ? sequence - first + 1 : 0
            return skip >= state.events.count ? [] : state.events.events(from: Int(skip), firstSequence: first, limit: limit)
        }
    }
}
