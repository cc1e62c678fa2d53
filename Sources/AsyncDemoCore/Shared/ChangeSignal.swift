import Locking
import Synchronization

/// Lets a snapshot stream sleep until its primitive changes instead of polling a version counter.
///
/// A stream *arms* its slot, re-reads the version, and only then parks; a change that lands
/// anywhere after arming fires the slot, so no change can slip between the check and the park.
/// Why that holds: arming stores `hasArmedSlot` before the stream reads the version under the
/// primitive's lock (or actor); a change bumps the version under that same lock and loads
/// `hasArmedSlot` afterwards. Whichever critical section comes second sees the other's write.
///
/// The hot path (`notify` after a grant or a send) pays one atomic load while no stream is armed.
@usableFromInline
package final class ChangeSignal: Sendable {
    private struct Slot {
        var fired = false
        var parked: CheckedContinuation<Void, Never>?
    }

    private struct State {
        var slots: [UInt64: Slot] = [:]
        var nextID: UInt64 = 0
        var armedUnfiredCount = 0

        /// Marks a slot fired and hands back the stream parked on it, if any.
        mutating func fireSlot(_ id: UInt64) -> CheckedContinuation<Void, Never>? {
            guard var slot = slots[id] else { return nil }
            if !slot.fired { armedUnfiredCount -= 1 }
            let parked = slot.parked
            slot.fired = true
            slot.parked = nil
            slots[id] = slot
            return parked
        }
    }

    private let state = LockedState(State())
    /// Mirrors `armedUnfiredCount > 0`, written only under the lock, read without it by `notify`.
    @usableFromInline let hasArmedSlot = Atomic<Bool>(false)

    package init() {}

    /// Records a change: fires every armed slot and resumes the streams parked on them.
    @inlinable @inline(__always)
    package func notify() {
        guard hasArmedSlot.load(ordering: .sequentiallyConsistent) else { return }
        fire()
    }

    @usableFromInline @inline(never)
    func fire() {
        let parked = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            var parked: [CheckedContinuation<Void, Never>] = []
            // In the order they were armed: a dictionary's own order is its hash seed's, new in
            // every process, and streams resumed in it would run in another order each run.
            for id in state.slots.keys.sorted() {
                if let continuation = state.fireSlot(id) { parked.append(continuation) }
            }
            hasArmedSlot.store(false, ordering: .sequentiallyConsistent)
            return parked
        }
        for continuation in parked { continuation.resume() }
    }

    /// Starts watching for changes; call before reading the version the wait depends on.
    package func arm() -> UInt64 {
        state.withLock { state in
            state.nextID &+= 1
            state.slots[state.nextID] = Slot()
            state.armedUnfiredCount += 1
            hasArmedSlot.store(true, ordering: .sequentiallyConsistent)
            return state.nextID
        }
    }

    /// Suspends until the slot fires (at once if it already has) or the task is cancelled, then
    /// forgets the slot.
    package func wait(slot id: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    guard let slot = state.slots[id], !slot.fired else { return true }
                    state.slots[id]!.parked = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            // Fired rather than removed: if the cancellation beats the park, the park then sees a
            // fired slot and returns at once instead of waiting for a change that may never come.
            let parked = state.withLock { state in
                let parked = state.fireSlot(id)
                if state.armedUnfiredCount == 0 {
                    hasArmedSlot.store(false, ordering: .sequentiallyConsistent)
                }
                return parked
            }
            parked?.resume()
        }
        disarm(slot: id)
    }

    /// Forgets a slot without waiting (the stream saw a change itself, or is going away).
    package func disarm(slot id: UInt64) {
        state.withLock { state in
            guard let slot = state.slots.removeValue(forKey: id), !slot.fired else { return }
            state.armedUnfiredCount -= 1
            if state.armedUnfiredCount == 0 {
                hasArmedSlot.store(false, ordering: .sequentiallyConsistent)
            }
        }
    }

    /// How many streams are parked right now (for tests).
    package var parkedCount: Int { state.withLock { $0.slots.values.count { $0.parked != nil } } }
}
