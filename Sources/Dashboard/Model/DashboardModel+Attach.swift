import AsyncDemoCore
import Simulation

/// The program the dashboard is attached to (`asyncdemo-tui attach`), as its stream says.
public struct Attachment: Sendable, Equatable {
    public var program: String
    public var pid: Int32
    /// Why the stream ended (the program exited, or what it sent was unreadable); nil while attached.
    public var ended: String?
    public var resources = ResourcesSnapshot()

    public init(program: String, pid: Int32, ended: String? = nil, resources: ResourcesSnapshot = ResourcesSnapshot()) {
        self.program = program
        self.pid = pid
        self.ended = ended
        self.resources = resources
    }

    /// The header's words for it.
    var state: String { ended == nil ? "attached to \(program) pid \(pid)" : "\(program) pid \(pid) exited" }
}

extension DashboardModel {
    /// The footer's word for a key refused while attached: the program runs its own code.
    static let refusedWhileAttached = "attached: the program runs its own code and clock"
    /// `c` on a span: the probe cannot stop code that a tracer only watches.
    static let spanCannotBeCancelled = "a span ends when its code ends it: only probe.task tasks can be cancelled"

    static let cancelUnsent = "the cancel could not be sent: the connection is closed"

    /// The panes of an attached program: the Resources in the Workers' place, the Timeline in
    /// the Queue's (a program's queues are in the Resources pane).
    mutating func startAttached(to source: AttachSource) {
        attachment = Attachment(program: source.program, pid: source.pid)
        timeline.isShown = true
    }

    /// Why `action` is refused while attached, or nil to carry it out. `c` stays: on a task the
    /// program runs through `probe.task` it sends a cancel over the socket.
    func refusalWhileAttached(_ action: Action) -> String? {
        guard attachment != nil else { return nil }
        switch action {
        case .cancelSelectedTask:
            guard let id = focusedTask, let task = tasks?.liveTask(id) else { return nil }
            return task.kind.name.hasPrefix("span.") ? Self.spanCannotBeCancelled : nil
        default:
            return Self.actsWhileAttached(action) ? nil : Self.refusedWhileAttached
        }
    }

    /// Whether `action` means anything while attached: looking around does, and `c`; the
    /// clock, the replay's seeks and whatever changes the simulation do not. The help lists
    /// only these.
    static func actsWhileAttached(_ action: Action) -> Bool {
        switch action {
        case .cancelSelectedTask: true
        case .togglePause, .stepClock, .slowerClock, .fasterClock, .stepBack, .jumpBack, .seekReplayStart, .seekReplayEnd,
             .startReplaySeek:
            false
        default: !changesSimulation(action)
        }
    }

    /// The help's first line while attached to `program`: why the simulation's keys are not listed.
    static func attachedHelpNote(program: String) -> String {
        "Attached to \(program): it runs its own code and clock, so the simulation's keys (pause, speed, rewind, permits, workers, spawn, lessons) are gone."
    }
}
