import AsyncDemoCore
import Locking

/// What the probe keeps of a named semaphore so a dashboard that attaches late is told its
/// present: the permits, the holders in the order they were granted one, and the FIFO line of
/// waiters with when each began to wait. Shared by every `ProbeSemaphore` of the name, as the
/// dashboard shows them as one.
///
/// Each change and its event are one critical section of this lock (the event goes into the
/// ring inside it, if a dashboard is attached), and `tell` reads the state and the ring's newest
/// sequence number in one critical section too: so an event of this semaphore is numbered at or
/// below that cut exactly when the state told already holds it (see `ProbePresent`).
final class ProbeSemaphoreState: Sendable {
    private struct Holder {
        let task: TaskID
        let waitedNanoseconds: Int64
    }

    private struct Waiter {
        let task: TaskID
        let since: ContinuousClock.Instant
    }

    private struct State {
        var permits: Int
        var holders: [Holder] = []
        var waiters: [Waiter] = []
    }

    let name: String
    private let ring: EventRing
    private let state: LockedState<State>

    init(name: String, permits: Int, ring: EventRing) {
        self.name = name
        self.ring = ring
        var initial = State(permits: permits)
        // Within the permits, a grant and a release move no memory.
        initial.holders.reserveCapacity(max(1, permits))
        state = LockedState(initial)
    }

    func resized(to permits: Int) {
        state.withLock { state in
            state.permits = permits
            ring.append(.permitsResized(permits: permits), resource: name)
        }
    }

    /// A permit free at once: asked and granted in one step.
    func grantedAtOnce(_ task: TaskID) {
        state.withLock { state in
            state.holders.append(Holder(task: task, waitedNanoseconds: 0))
            ring.append(.permitRequested(task: task), resource: name)
            ring.append(.permitGranted(task: task, waitedNanoseconds: 0), resource: name)
        }
    }

    func requested(_ task: TaskID, at since: ContinuousClock.Instant) {
        state.withLock { state in
            state.waiters.append(Waiter(task: task, since: since))
            ring.append(.permitRequested(task: task), resource: name)
        }
    }

    func granted(_ task: TaskID, waitedNanoseconds: Int64) {
        state.withLock { state in
            if let index = state.waiters.firstIndex(where: { $0.task == task }) { state.waiters.remove(at: index) }
            state.holders.append(Holder(task: task, waitedNanoseconds: waitedNanoseconds))
            ring.append(.permitGranted(task: task, waitedNanoseconds: waitedNanoseconds), resource: name)
        }
    }

    func cancelled(_ task: TaskID) {
        state.withLock { state in
            if let index = state.waiters.firstIndex(where: { $0.task == task }) { state.waiters.remove(at: index) }
            ring.append(.permitRequestCancelled(task: task), resource: name)
        }
    }

    func released(_ task: TaskID) {
        state.withLock { state in
            if let index = state.holders.firstIndex(where: { $0.task == task }) { state.holders.remove(at: index) }
            ring.append(.permitReleased(task: task), resource: name)
        }
    }

    /// The semaphore now, as the events that would have built it: its permits, each holder
    /// asked and granted in grant order, then each waiter asked in line order with how long it
    /// has waited (`waitedNanoseconds`, as the stream's clock starts at the attach). Returns the
    /// cut: the ring's newest sequence number when the state was read.
    func tell(into present: inout ProbePresent) -> UInt64 {
        state.withLock { state in
            let now = ContinuousClock.now
            present.tell(.permitsResized(permits: state.permits), resource: name)
            for holder in state.holders {
                present.tell(.permitRequested(task: holder.task), resource: name)
                present.tell(.permitGranted(task: holder.task, waitedNanoseconds: holder.waitedNanoseconds), resource: name)
            }
            for waiter in state.waiters {
                let waited = SimulationInstant(sinceStart: max(.zero, waiter.since.duration(to: now))).nanoseconds
                present.tell(.permitRequested(task: waiter.task), resource: name,
                             fields: [ProbePresent.waitedField: String(waited)])
            }
            return ring.newestSequence
        }
    }
}
