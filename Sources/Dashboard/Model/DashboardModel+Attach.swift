import AsyncDemoCore
import LogTail
import Simulation

/// The program the dashboard is attached to (`asyncdemo-tui attach`), as its stream says.
public struct Attachment: Sendable, Equatable {
    public var program: String
    public var pid: Int32
    /// Why the stream ended (the program exited, or what it sent was unreadable); nil while attached.
    public var ended: String?
    /// While the dashboard folds events it has read but not yet shown: how far the frame's
    /// instant (its newest event) is behind the stream's now.
    public var behind: Duration?
    /// Once it has exited: the pid of a program of its name that started since (`r` attaches to it).
    public var successorPid: Int32?
    /// `r` was pressed on the offer, until `update` hands it out as an effect.
    var reattachRequested = false

    public init(program: String, pid: Int32, ended: String? = nil) {
        self.program = program
        self.pid = pid
        self.ended = ended
    }

    /// A program's name as the dashboard shows it: the name is the program's to choose (its
    /// probe's header, a recording's), so only once it is safe to display.
    public static func displayName(_ name: String) -> String { DisplaySafety.sanitize(Array(name.utf8.prefix(80))) }

    /// The header's words for it.
    var state: String { ended == nil ? "attached to \(program) pid \(pid)" : "\(program) pid \(pid) exited" }

    /// Behind by less than this, the frame is as good as now and nothing is said.
    static let behindWorthSaying: Duration = .milliseconds(500)

    /// The header's words while the frame shows an instant well behind the program's now, and
    /// the short ones for a narrow header.
    var catchingUp: (full: String, short: String)? {
        guard let behind, behind >= Self.behindWorthSaying else { return nil }
        return ("catching up: \(Format.seconds(behind)) behind", "\(Format.seconds(behind)) behind")
    }

    /// The footer's offer, once a program of its name started again.
    public var reattachOffer: String? { successorPid.map { "\(program) started again (pid \($0)): r reattaches" } }

    mutating func takeReattachRequest() -> Bool {
        defer { reattachRequested = false }
        return reattachRequested
    }
}

extension DashboardModel {
    /// The footer's word for a key refused while attached: the program runs its own code.
    static let refusedWhileAttached = "attached: the program runs its own code and clock"
    /// `c` on a span: the probe cannot stop code that a tracer only watches.
    static let spanCannotBeCancelled = "a span ends when its code ends it: only probe.task tasks can be cancelled"

    static let cancelUnsent = "the cancel could not be sent: the connection is closed"
    static let nothingToReattach = "r reattaches once the program has exited and one of its name has started again"

    /// The stream's newest word on the program; what the dashboard itself learnt (a program
    /// of its name started again, `r` pressed) stays.
    mutating func take(_ new: Attachment) {
        var new = new
        new.successorPid = attachment?.successorPid
        new.reattachRequested = attachment?.reattachRequested ?? false
        attachment = new
    }

    /// `r`: asks the runner to attach to the program started again, if one has.
    mutating func requestReattach() {
        guard attachment?.successorPid != nil else {
            footerNotice = Self.nothingToReattach
            return
        }
        attachment?.reattachRequested = true
    }

    /// The panes of an attached program: the Resources in the Workers' place, the Timeline in
    /// the Queue's (a program's queues are in the Resources pane).
    mutating func startAttached(to source: AttachSource) {
        attachment = Attachment(program: source.program, pid: source.pid)
        timeline.isShown = true
    }

    /// The panes of a recording made attached to `program`, replayed: as attached, with the
    /// replay's keys.
    mutating func startReplaying(program: String) {
        replayedProgram = Attachment.displayName(program)
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
