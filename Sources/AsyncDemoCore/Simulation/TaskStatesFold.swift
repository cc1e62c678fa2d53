/// The live tasks and their states as the event log tells them: a fold of its task events.
/// What the Tasks pane lists at an instant is this fold at that instant's sequence number,
/// which is what a replay or another program's stream rebuilds the board from.
public struct TaskStatesFold: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var parent: TaskID?
        public var state: TaskState
    }

    public private(set) var live: [TaskID: Entry] = [:]
    public private(set) var finished = 0
    /// The sequence number of the last event applied.
    public private(set) var sequence: UInt64 = 0

    public init() {}

    public enum Problem: Error, Equatable {
        /// Events are missing between the two numbers (dropped, or a stream cut short).
        case gap(after: UInt64, next: UInt64)
        case unknownTask(TaskID, sequence: UInt64)
    }

    /// Applies the next event; task events change the fold, others only move its sequence.
    public mutating func apply(_ event: SimulationEvent) throws(Problem) {
        guard event.sequence == sequence + 1 else { throw .gap(after: sequence, next: event.sequence) }
        sequence = event.sequence
        switch event.kind {
        case .taskSpawned(let task, let name, _, let parent):
            live[task] = Entry(name: name, parent: parent, state: .created)
        case .taskRenamed(let task, let name):
            guard live[task] != nil else { throw .unknownTask(task, sequence: event.sequence) }
            live[task]?.name = name
        case .taskStateChanged(let task, let state):
            guard live[task] != nil else { throw .unknownTask(task, sequence: event.sequence) }
            live[task]?.state = state
        case .taskFinished(let task, _):
            guard live.removeValue(forKey: task) != nil else { throw .unknownTask(task, sequence: event.sequence) }
            finished += 1
        default: break
        }
    }
}
