import AsyncDemoCore
import Locking

/// What a dashboard that attaches late needs to make sense of the events that follow: the named
/// semaphores and queues with their sizes, and the tasks and spans alive now. Said to it first,
/// as the same events that declared them (`permitsResized`, `queueResized`, `taskSpawned`).
final class ProbeRegistry: Sendable {
    private struct LiveTask: Sendable {
        var name: String
        var kind: String
        var parent: TaskID?
        var cancel: (@Sendable () -> Void)?
    }

    private struct State {
        var semaphores: [String: Int] = [:]
        var queues: [String: Int] = [:]
        var tasks: [TaskID: LiveTask] = [:]
        var nextTask: UInt64 = 0
    }

    private let state = LockedState(State())

    func declareSemaphore(_ name: String, permits: Int) {
        state.withLock { $0.semaphores[name] = permits }
    }

    func declareQueue(_ name: String, capacity: Int) {
        state.withLock { $0.queues[name] = capacity }
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

    var liveTaskCount: Int { state.withLock { $0.tasks.count } }

    /// The events that declare everything now known, in a stable order (resources by name,
    /// tasks by id, so a parent comes before its children).
    func declarations() -> [(kind: SimulationEvent.Kind, resource: String?)] {
        state.withLock { state in
            let semaphores = state.semaphores.sorted { $0.key < $1.key }.map {
                (kind: SimulationEvent.Kind.permitsResized(permits: $0.value), resource: Optional($0.key))
            }
            let queues = state.queues.sorted { $0.key < $1.key }.map {
                (kind: SimulationEvent.Kind.queueResized(capacity: $0.value), resource: Optional($0.key))
            }
            let tasks = state.tasks.sorted { $0.key < $1.key }.flatMap { id, task in
                [(kind: SimulationEvent.Kind.taskSpawned(task: id, name: task.name, kind: task.kind, parent: task.parent), resource: String?.none),
                 (kind: SimulationEvent.Kind.taskStateChanged(task: id, state: .running), resource: String?.none)]
            }
            return semaphores + queues + tasks
        }
    }
}
