import AsyncDemoCore
import Glibc
import Locking
import Synchronization

/// Where instrumented code leaves its events: a fixed ring of `capacity` slots under one lock,
/// drained by the probe's own thread. Appending never waits for anything but that lock (held
/// for a copy into a slot) and never allocates; a full ring refuses the event and counts it, and
/// its sequence number is used up all the same, so a reader sees the gap where it was dropped.
///
/// While nobody is attached the ring takes nothing: `isAttached` is one atomic load, and the
/// instrumented code returns before building an event.
final class EventRing: Sendable {
    struct Entry: Sendable {
        var sequence: UInt64
        var nanoseconds: Int64
        var kind: SimulationEvent.Kind
        var resource: String?
        var fields: [String: String]?
    }

    private struct State {
        var slots: [Entry?]
        var head = 0
        var count = 0
        var sequence: UInt64 = 0
        var dropped: UInt64 = 0
    }

    let capacity: Int
    private let state: LockedState<State>
    private let attachedReaders = Atomic<Int>(0)
    /// CLOCK_MONOTONIC at the probe's start: events are stamped with the time since.
    private let startNanoseconds: Int64

    init(capacity: Int) {
        precondition(capacity > 0, "a ring holds at least one event")
        self.capacity = capacity
        state = LockedState(State(slots: Array(repeating: nil, count: capacity)))
        startNanoseconds = Self.monotonicNanoseconds()
    }

    var isAttached: Bool { attachedReaders.load(ordering: .relaxed) > 0 }

    /// A reader attached: from now on events are kept for it. Returns the sequence number of
    /// the newest event before it and the time now, which its stream counts from: its first
    /// event is 1, at about 0, as in a recording of a run that started then.
    func attach() -> (sequence: UInt64, nanoseconds: Int64) {
        let newest = state.withLock { $0.sequence }
        attachedReaders.add(1, ordering: .relaxed)
        return (newest, elapsedNanoseconds)
    }

    func detach() {
        attachedReaders.subtract(1, ordering: .relaxed)
    }

    /// Keeps the event if a reader is attached and the ring has room.
    @inline(__always)
    func append(_ kind: SimulationEvent.Kind, resource: String? = nil, fields: [String: String]? = nil) {
        guard isAttached else { return }
        appendAttached(kind, resource: resource, fields: fields)
    }

    @inline(never)
    private func appendAttached(_ kind: SimulationEvent.Kind, resource: String?, fields: [String: String]?) {
        let now = Self.monotonicNanoseconds() - startNanoseconds
        state.withLock { state in
            state.sequence += 1
            guard state.count < capacity else {
                state.dropped += 1
                return
            }
            let slot = (state.head + state.count) % capacity
            state.slots[slot] = Entry(sequence: state.sequence, nanoseconds: now, kind: kind, resource: resource, fields: fields)
            state.count += 1
        }
    }

    /// Moves up to `limit` events, oldest first, into `batch` (emptied first).
    func drain(into batch: inout [Entry], limit: Int) {
        batch.removeAll(keepingCapacity: true)
        state.withLock { state in
            let taken = min(limit, state.count)
            for _ in 0..<taken {
                if let entry = state.slots[state.head] { batch.append(entry) }
                state.slots[state.head] = nil
                state.head = (state.head + 1) % capacity
            }
            state.count -= taken
        }
    }

    /// The newest event's sequence number (kept or dropped). A part of the program's present read
    /// under the lock its changes take reads this there too: its cut (see `ProbePresent`).
    var newestSequence: UInt64 { state.withLock { $0.sequence } }

    /// The time now, as events are stamped.
    var elapsedNanoseconds: Int64 { Self.monotonicNanoseconds() - startNanoseconds }

    /// The newest sequence number when every event kept has been taken, under one lock: any
    /// event numbered up to it that a reader has not taken was dropped. Nil while events wait.
    var emptiedThrough: UInt64? { state.withLock { $0.count == 0 ? $0.sequence : nil } }

    /// Whether the probe's thread has taken every event kept.
    var isEmpty: Bool { state.withLock { $0.count == 0 } }

    /// Events refused because the ring was full, since the probe started.
    var dropped: UInt64 { state.withLock { $0.dropped } }

    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
