import DequeModule

/// A FIFO line of suspended callers that supports removing any one of them by id in O(log n).
///
/// Why not a plain `Deque` with `removeAll(where:)`: cancelling every one of 100,000 waiters
/// ("cancel all" in the dashboard) would then cost O(n²). Instead a cancelled entry becomes a
/// tombstone (its payload is taken out) found by binary search, since entries are kept sorted by
/// id; tombstones are dropped when they reach either end and the line is compacted when they
/// outnumber the live entries, so memory stays proportional to the live waiters.
@usableFromInline
struct WaiterLine<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline let id: WaiterID
        @usableFromInline var payload: Payload?

        @inlinable
        init(id: WaiterID, payload: Payload?) {
            self.id = id
            self.payload = payload
        }
    }

    // Not private: the inlinable methods below reach them from the modules they are inlined
    // into. Only this type's methods change them.
    @usableFromInline var entries = Deque<Entry>()
    /// Live (not cancelled) waiters.
    @usableFromInline var count = 0

    @inlinable
    var isEmpty: Bool { count == 0 }

    /// Adds a waiter. Ids are allocated in request order but registration can race, so the entry
    /// is placed by id; almost always that is the end, so the backward walk is O(1) in practice.
    @inlinable
    mutating func append(id: WaiterID, _ payload: Payload) {
        var index = entries.endIndex
        while index > entries.startIndex, entries[index - 1].id > id {
            index -= 1
        }
        entries.insert(Entry(id: id, payload: payload), at: index)
        count += 1
    }

    /// Removes and returns the oldest live waiter.
    @inlinable
    mutating func removeFirst() -> (id: WaiterID, payload: Payload)? {
        while let entry = entries.popFirst() {
            if let payload = entry.payload {
                count -= 1
                return (entry.id, payload)
            }
        }
        return nil
    }

    /// Removes the waiter with this id, if it is still in line.
    mutating func remove(id: WaiterID) -> Payload? {
        guard let index = index(of: id), let payload = entries[index].payload else { return nil }
        entries[index].payload = nil
        count -= 1
        dropTombstonesAtEnds()
        if entries.count > 64, entries.count > 2 * count {
            entries.removeAll { $0.payload == nil }
        }
        return payload
    }

    /// Removes every live waiter, oldest first.
    mutating func removeAll() -> [Payload] {
        let payloads = entries.compactMap(\.payload)
        entries.removeAll()
        count = 0
        return payloads
    }

    /// The oldest live waiters, at most `limit` of them, for snapshots.
    func prefix(_ limit: Int) -> [(id: WaiterID, payload: Payload)] {
        var result: [(id: WaiterID, payload: Payload)] = []
        result.reserveCapacity(min(limit, count))
        // Stops at the limit: a `where` clause would still walk all 10,000 waiters of a long
        // line, once per snapshot, which a frame takes 30 times a second.
        for entry in entries {
            guard result.count < limit else { break }
            if let payload = entry.payload { result.append((entry.id, payload)) }
        }
        return result
    }

    private func index(of id: WaiterID) -> Int? {
        var low = entries.startIndex
        var high = entries.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if entries[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < entries.endIndex && entries[low].id == id ? low : nil
    }

    private mutating func dropTombstonesAtEnds() {
        while let first = entries.first, first.payload == nil { entries.removeFirst() }
        while let last = entries.last, last.payload == nil { entries.removeLast() }
    }
}

/// Hands out waiter ids in request order.
@usableFromInline
struct WaiterIDGenerator {
    @usableFromInline var next: UInt64 = 0

    @inlinable
    mutating func make() -> WaiterID {
        next += 1
        return WaiterID(rawValue: next)
    }
}
