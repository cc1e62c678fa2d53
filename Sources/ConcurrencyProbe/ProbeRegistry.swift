import AsyncDemoCore
import Locking

/// What a dashboard that attaches late needs to make sense of the events that follow: the named
/// semaphores and queues (each keeps its own present, see `ProbeSemaphoreState`), and the tasks
/// and spans alive now with their states. Said to it first (`present(attachedAt:ring:)`), as
/// the events that would have built it.
final class ProbeRegistry: Sendable {
    private struct LiveTask: Sendable {
        var name: String
        var kind: String
        var parent: TaskID?
        var cancel: (@Sendable () -> Void)?
        /// A span runs from its start; a tracked task is running a moment after it is begun.
        var state: TaskState = .running
        /// The semaphore or queue it waits on, when it waits.
        var waitingOn: String?
    }

    private struct State {
        var semaphores: [String: ProbeSemaphoreState] = [:]
        var queues: [String: ProbeQueueState] = [:]
        var tasks: [TaskID: LiveTask] = [:]
        var nextTask: UInt64 = 0
    }

    private let state = LockedState(State())

    /// The present of the semaphore named `name`, one for every semaphore of the name.
    func semaphore(named name: String, permits: Int, ring: EventRing) -> ProbeSemaphoreState {
        state.withLock { state in
            if let known = state.semaphores[name] { return known }
            let made = ProbeSemaphoreState(name: name, permits: permits, ring: ring)
            state.semaphores[name] = made
            return made
        }
    }

    /// The present of the queue named `name`, one for every queue of the name.
    func queue(named name: String, capacity: Int, ring: EventRing) -> ProbeQueueState {
        state.withLock { state in
            if let known = state.queues[name] { return known }
            let made = ProbeQueueState(name: name, capacity: capacity, ring: ring)
            state.queues[name] = made
            return made
        }
    }

    /// Records a live task's new state (and what it waits on), its event in the same critical
    /// section, for the cut `present` takes.
    func setState(of id: TaskID, to taskState: TaskState, on resource: String?, ring: EventRing) {
        state.withLock { state in
            if var task = state.tasks[id] {
                task.state = taskState
                task.waitingOn = resource
                state.tasks[id] = task
            }
            ring.append(.taskStateChanged(task: id, state: taskState), resource: resource)
        }
    }

    /// A new task id, remembered as live until `ended`.
    func begin(name: String, kind: String, parent: TaskID?, cancel: (@Sendable () -> Void)? = nil) -> TaskID {
        state.withLock { state in
            state.nextTask += 1
            let id = TaskID(rawValue: state.nextTask)
            state.tasks[id] = LiveTask(name: name, kind: kind, parent: parent, cancel: cancel)
            return id
        }
    }

    /// How to cancel a task begun before its Swift task existed; nothing if it has ended since.
    func setCancel(of id: TaskID, _ cancel: @escaping @Sendable () -> Void) {
        state.withLock { $0.tasks[id]?.cancel = cancel }
    }

    /// A dashboard attaching later is told the new name.
    func rename(_ id: TaskID, to name: String) {
        state.withLock { $0.tasks[id]?.name = name }
    }

    func ended(_ id: TaskID) {
        state.withLock { _ = $0.tasks.removeValue(forKey: id) }
    }

    /// Asks a tracked task to stop; false for a span or a task that has ended (nothing to cancel).
    func cancel(_ id: TaskID) -> Bool {
        guard let cancel = state.withLock({ $0.tasks[id]?.cancel }) else { return false }
        // Outside the lock: cancelling runs the task's cancellation handlers.
        cancel()
        return true
    }

    /// Asks every live child of `parent` to stop (a group's cancel: its body runs on its
    /// caller's task, which only the caller may cancel); false when none can be.
    func cancelChildren(of parent: TaskID) -> Bool {
        let cancels = state.withLock { state in state.tasks.values.compactMap { $0.parent == parent ? $0.cancel : nil } }
        // Outside the lock, as `cancel` does.
        for cancel in cancels { cancel() }
        return !cancels.isEmpty
    }

    var liveTaskCount: Int { state.withLock { $0.tasks.count } }

    /// The present for a dashboard attaching at `base` (the ring already keeps events for it):
    /// every live task by id (a parent before its children) with its state, then every
    /// semaphore and queue by name, each with its holders, waiters, depth and blocked senders. Each
    /// part's cut is taken as `ProbePresent` explains.
    func present(attachedAt base: UInt64, ring: EventRing) -> ProbePresent {
        var present = ProbePresent()
        present.base = base
        var tasks: [(TaskID, LiveTask)] = []
        let (semaphores, queues) = state.withLock { state in
            tasks = state.tasks.sorted { $0.key < $1.key }
            present.taskCut = ring.newestSequence
            present.lastTask = state.nextTask
            present.liveTasks = Set(state.tasks.keys)
            return (state.semaphores.sorted { $0.key < $1.key }.map(\.value), state.queues.sorted { $0.key < $1.key }.map(\.value))
        }
        for (id, task) in tasks {
            present.tell(.taskSpawned(task: id, name: task.name, kind: task.kind, parent: task.parent))
            present.tell(.taskStateChanged(task: id, state: task.state), resource: task.waitingOn)
        }
        for semaphore in semaphores { present.semaphoreCuts[semaphore.name] = semaphore.tell(into: &present) }
        for queue in queues { present.queueCuts[queue.name] = queue.tell(into: &present) }
        return present
    }
}
