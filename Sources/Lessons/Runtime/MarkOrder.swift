import AsyncDemoCore
import Locking

/// Puts a run's marks in one order, the order they were read in, without holding a lock while
/// they are handed over: the scene's closure yields to streams and may start a task, and one
/// that marked again (or blocked on another mark) under the lock would deadlock.
///
/// A mark is read and queued under the lock. Whoever queues a mark while no hand-over is going
/// on becomes the one that hands over: it takes the queue, releases the lock, hands those marks
/// over one by one, and goes on until the queue is empty. Marks queued meanwhile, by other tasks
/// or by the closure itself, wait their turn, so they still arrive in the order they were read.
final class MarkOrder: Sendable {
    private struct State {
        var queued: [SceneMark] = []
        var handingOver = false
    }

    private let handOver: @Sendable (SceneMark) -> Void
    private let state = LockedState(State())

    init(handingTo handOver: @escaping @Sendable (SceneMark) -> Void) {
        self.handOver = handOver
    }

    /// Queues the mark `read` returns, read under the lock so it takes its place in the order
    /// at the instant it was read, then hands over what is queued unless someone already does.
    /// `read` must only read: it runs with the lock held.
    func mark(_ read: () -> SceneMark) {
        let handsOver = state.withLock { state in
            state.queued.append(read())
            guard !state.handingOver else { return false }
            state.handingOver = true
            return true
        }
        guard handsOver else { return }
        while true {
            let batch = state.withLock { state in
                let batch = state.queued
                state.queued = []
                if batch.isEmpty { state.handingOver = false }
                return batch
            }
            if batch.isEmpty { return }
            for mark in batch { handOver(mark) }
        }
    }
}
