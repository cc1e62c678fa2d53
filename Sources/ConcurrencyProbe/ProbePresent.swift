import AsyncDemoCore

/// What a dashboard that attaches is told first, and how the ring's events that follow are told
/// apart from it: the program's present as ordinary events (each semaphore, queue and live task
/// declared, then its holders, waiters, blocked senders, depth and each task's state), numbered
/// from 1 at the attach instant, then the ring's events after the attach, renumbered to follow.
///
/// Why no event is both told and streamed, nor lost between: the ring keeps events from the
/// attach on (`base`), and each part of the present (a semaphore, a queue, the registry's tasks)
/// is read under the lock its changes take, together with the ring's newest sequence number
/// then (its cut). A change and its event are one critical section of that lock, so an event
/// of that part numbered at or below its cut is already in what was told (left out), and one
/// above it came after (streamed). Task ids are handed out in order under the registry's lock,
/// so a task's spawn or end, which are recorded just outside it, are told apart by the highest
/// id at the cut and the set of tasks told live.
///
/// Told again after the stream lost events (`retold(after:)`): then `base` is the newest ring
/// event the connection had taken, so every later one, kept or dropped, is told apart by the
/// same cuts, and a ring event dropped after it still shows as a gap.
struct ProbePresent {
    struct Told {
        let kind: SimulationEvent.Kind
        let resource: String?
        let fields: [String: String]?
    }

    /// On a waiter told at the attach: how long it had waited then, in nanoseconds (the
    /// stream's clock starts at the attach, so its request's instant cannot say it).
    static let waitedField = "waitedNanoseconds"

    private var told: [Told] = []
    /// How many events the present says: the ring's events are numbered after them.
    private(set) var toldCount: UInt64 = 0
    /// The ring's newest sequence number at the attach: the stream goes on after it.
    var base: UInt64 = 0
    /// The stream's number before the present's first event: 0 at the attach, the connection's
    /// last number when it is told again.
    private(set) var offset: UInt64 = 0
    var semaphoreCuts: [String: UInt64] = [:]
    var queueCuts: [String: UInt64] = [:]
    var taskCut: UInt64 = 0
    /// The highest task id handed out at the task cut.
    var lastTask: UInt64 = 0
    /// The tasks told live, until their end is streamed.
    var liveTasks: Set<TaskID> = []
    /// Ring events left out so far because the present said them: the stream's numbers go on
    /// without a gap for them (a gap means a dropped event).
    private var leftOut: UInt64 = 0

    mutating func tell(_ kind: SimulationEvent.Kind, resource: String? = nil, fields: [String: String]? = nil) {
        told.append(Told(kind: kind, resource: resource, fields: fields))
        toldCount += 1
    }

    /// The present told again, after the stream's number `offset`: led by `presentRetold`, which
    /// says how many events follow it.
    mutating func retold(after offset: UInt64) {
        self.offset = offset
        told.insert(Told(kind: .presentRetold(events: told.count), resource: nil, fields: nil), at: 0)
        toldCount += 1
    }

    /// The events to say first, numbered, once (empty after).
    mutating func takeTold() -> [(sequence: UInt64, told: Told)] {
        defer { told = [] }
        return told.enumerated().map { (offset + UInt64($0.offset) + 1, $0.element) }
    }

    /// Where `entry` (numbered above `base`) goes in the stream, or nil if the present said it.
    mutating func sequence(of entry: EventRing.Entry) -> UInt64? {
        if isTold(entry) {
            leftOut += 1
            return nil
        }
        return offset + entry.sequence - base + toldCount - leftOut
    }

    private mutating func isTold(_ entry: EventRing.Entry) -> Bool {
        switch entry.kind {
        case .permitRequested, .permitGranted, .permitReleased, .permitRequestCancelled, .permitsResized:
            guard let name = entry.resource, let cut = semaphoreCuts[name] else { return false }
            return entry.sequence <= cut
        case .producerBlocked, .producerUnblocked, .queueResized:
            guard let name = entry.resource, let cut = queueCuts[name] else { return false }
            return entry.sequence <= cut
        case .taskSpawned(let task, _, _, _):
            return task.rawValue <= lastTask
        case .taskStateChanged(let task, _), .taskRenamed(let task, _):
            guard task.rawValue <= lastTask else { return false }
            return !liveTasks.contains(task) || entry.sequence <= taskCut
        case .taskFinished(let task, _):
            guard task.rawValue <= lastTask else { return false }
            return liveTasks.remove(task) == nil
        default:
            return false
        }
    }
}
