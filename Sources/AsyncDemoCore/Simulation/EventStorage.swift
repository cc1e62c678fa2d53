import DequeModule

/// The event log's events, encoded into bytes: 10 to 20 bytes an event where a
/// `SimulationEvent` takes 80 and a log line's text a heap block of its own besides. Held in
/// chunks of `chunkEvents`, so dropping the oldest event costs nothing and a chunk whose events
/// are all dropped is freed whole; a full chunk is cut to its size. Sequence numbers are not
/// stored: the log knows the first one kept.
struct EventStorage {
    static let chunkEvents = 4096

    fileprivate struct Chunk {
        var bytes: [UInt8] = []
        /// Where each event begins in `bytes`.
        var starts: [UInt32] = []
        /// The instant of the last event appended, which the next one is stored relative to.
        var lastInstant: SimulationClock.Instant = .zero

        var count: Int { starts.count }
        var allocatedBytes: Int { bytes.capacity + starts.capacity * MemoryLayout<UInt32>.stride }
    }

    /// Full chunks, oldest first; then the one being filled, a stored property of its own so
    /// that an append writes into it in place.
    private var sealed = Deque<Chunk>()
    private var open = Chunk()
    /// Events at the front of the first chunk that were dropped.
    private var skip = 0
    private(set) var count = 0

    mutating func append(_ kind: SimulationEvent.Kind, at instant: SimulationClock.Instant) {
        if open.count == Self.chunkEvents {
            open.seal()
            sealed.append(open)
            open = Chunk()
            open.starts.reserveCapacity(Self.chunkEvents)
            open.bytes.reserveCapacity(Self.chunkEvents * 16)
        }
        open.append(kind, at: instant)
        count += 1
    }

    mutating func removeFirst() {
        precondition(count > 0, "no event to drop")
        count -= 1
        skip += 1
        if count == 0 {
            sealed = []
            open = Chunk()
            skip = 0
        } else if !sealed.isEmpty, skip == Self.chunkEvents {
            sealed.removeFirst()
            skip = 0
        }
    }

    private func chunk(_ index: Int) -> Chunk { index < sealed.count ? sealed[index] : open }

    /// The events from position `first` (0: the oldest kept) to the end, or `limit` of them,
    /// numbered from `firstSequence`, the sequence number of the oldest kept.
    func events(from first: Int, firstSequence: UInt64, limit: Int = .max) -> [SimulationEvent] {
        guard first < count, limit > 0 else { return [] }
        let end = skip + first + min(limit, count - first)
        var result: [SimulationEvent] = []
        result.reserveCapacity(end - skip - first)
        var absolute = skip + first
        var sequence = firstSequence + UInt64(first)
        while absolute < end {
            let chunkIndex = absolute / Self.chunkEvents
            let stop = min(end - chunkIndex * Self.chunkEvents, Self.chunkEvents)
            chunk(chunkIndex).decode(from: absolute % Self.chunkEvents, to: stop) { instant, kind in
                result.append(SimulationEvent(sequence: sequence, at: instant, kind: kind))
                sequence += 1
            }
            absolute = (chunkIndex + 1) * Self.chunkEvents
        }
        return result
    }

    /// Bytes the storage has allocated for its events.
    var allocatedBytes: Int {
        sealed.reduce(open.allocatedBytes) { $0 + $1.allocatedBytes }
    }
}

extension EventStorage.Chunk {
    mutating func append(_ kind: SimulationEvent.Kind, at instant: SimulationClock.Instant) {
        starts.append(UInt32(bytes.count))
        EventEncoding.append(instant, after: lastInstant, to: &bytes)
        EventEncoding.append(kind, to: &bytes)
        lastInstant = instant
    }

    /// Full: cut the bytes to what they hold (`Array(bytes)` would share the buffer instead).
    mutating func seal() {
        bytes = bytes.withUnsafeBufferPointer { held in
            [UInt8](unsafeUninitializedCapacity: held.count) { buffer, count in
                count = buffer.initialize(fromContentsOf: held)
            }
        }
    }

    /// Calls `body` with each event from `first` up to `stop` (at most the chunk's end). The
    /// instants are stored one after another, so those before `first` are read too (only their time).
    func decode(from first: Int, to stop: Int, _ body: (SimulationClock.Instant, SimulationEvent.Kind) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var instant = SimulationClock.Instant.zero
            for index in 0..<first {
                var reader = EventReader(bytes: buffer, at: Int(starts[index]))
                instant = reader.instant(after: instant)
            }
            var reader = EventReader(bytes: buffer, at: first < count ? Int(starts[first]) : buffer.count)
            for _ in first..<min(stop, count) {
                instant = reader.instant(after: instant)
                body(instant, reader.kind())
            }
        }
    }
}

extension SimulationClock.Instant {
    static let zero = SimulationClock.Instant(sinceStart: .zero)
}
