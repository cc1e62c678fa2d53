/// What a waiting task waits for.
public enum WaitReason: String, Sendable, Hashable, CaseIterable {
    case semaphore, queueFull, queueEmpty, lock, event, timer
}

/// Why a running task is suspended (not waiting on another task's resource).
public enum SuspendReason: String, Sendable, Hashable, CaseIterable {
    case sleep, io
}

/// The life of a demo task. Legal moves (anything else is a bug that `TaskBoard` counts):
///
///     created   -> running | waiting | cancelled
///     waiting   -> running | cancelled | failed
///     running   -> waiting | suspended | completed | failed | cancelled
///     suspended -> running | cancelled | failed
///     completed, failed, cancelled: final
///
/// Setting the state a task is already in is a no-op, not an error.
public enum TaskState: Sendable, Hashable, CustomStringConvertible {
    case created
    case waiting(WaitReason)
    case running
    case suspended(SuspendReason)
    case completed
    case failed(String)
    case cancelled

    public var isFinished: Bool {
        switch self {
        case .completed, .failed, .cancelled: true
        default: false
        }
    }

    public func canTransition(to next: TaskState) -> Bool {
        switch (self, next) {
        case (.created, .running), (.created, .waiting), (.created, .cancelled): true
        case (.waiting, .running), (.waiting, .cancelled), (.waiting, .failed): true
        case (.running, .waiting), (.running, .suspended), (.running, .completed),
            (.running, .failed), (.running, .cancelled):
            true
        case (.suspended, .running), (.suspended, .cancelled), (.suspended, .failed): true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .created: "created"
        case .waiting(let reason): "waiting(\(reason.rawValue))"
        case .running: "running"
        case .suspended(let reason): "suspended(\(reason.rawValue))"
        case .completed: "completed"
        case .failed(let message): "failed(\(message))"
        case .cancelled: "cancelled"
        }
    }
}

/// A kind of demo task, for grouping and colouring ("worker", "producer"...). Open-ended on
/// purpose: scenarios add their own.
public struct TaskKind: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral name: String) { self.name = name }

    public var description: String { name }

    public static let worker: TaskKind = "worker"
    public static let producer: TaskKind = "producer"
    public static let consumer: TaskKind = "consumer"
    public static let follower: TaskKind = "follower"
    public static let timer: TaskKind = "timer"
}

/// One entry of a task's timeline.
public struct TaskTransition: Sendable, Hashable {
    public let state: TaskState
    public let at: SimulationInstant
}
