import DequeModule

/// Registers every demo task, tracks its state with the time of each transition, and publishes
/// coalesced snapshots. Memory stays bounded however many tasks a run spawns: finished tasks are
/// kept only within `retention` and at most `historyLimit` of them.
///
/// A finished task leaves when its retention ends, on the board's time source, and that is a
/// change like any other: one timer sleeps until the oldest finished task's retention ends, and
/// none while no finished task is kept. (A time source that cannot be slept on leaves them until
/// the next change or snapshot.)
public actor TaskBoard {
    public struct Configuration: Sendable {
        /// How long a finished task stays visible.
        public var retention: Duration
        /// The most finished tasks kept, whatever their age.
        public var historyLimit: Int
        /// The most transitions kept per task (a looping worker would otherwise grow forever).
        public var timelineLimit: Int
        /// The most live tasks a snapshot lists (all are counted).
        public var snapshotRowLimit: Int

        public init(
            retention: Duration = .seconds(10), historyLimit: Int = 1000, timelineLimit: Int = 32,
            snapshotRowLimit: Int = 500
        ) {
            self.retention = retention
            self.historyLimit = historyLimit
            self.timelineLimit = timelineLimit
            self.snapshotRowLimit = snapshotRowLimit
        }
    }

    public let configuration: Configuration
    private let time: TimeSource
    private var live: [TaskID: TaskInfo] = [:]
    /// Live ids in spawn order, so a snapshot can list the newest without sorting. Finished ids
    /// are dropped lazily (see `newestLive`), which keeps `retire` O(1).
    private var spawnOrder = Deque<TaskID>()
    private var finished = Deque<TaskInfo>()
    private var running: [TaskID: Task<Void, Never>] = [:]
    /// Final states a managed task's operation set itself, until `finish` reports them.
    private var endedByOperation: [TaskID: TaskState] = [:]
    /// Sleeps until the oldest finished task's retention ends; nil while none is kept.
    private var expiryTimer: Task<Void, Never>?
    private var children: [TaskID: Set<TaskID>] = [:]
    /// How to cancel the registered tasks that said how (see `register(name:kind:parent:onCancel:)`).
    private var cancelRequests: [TaskID: @Sendable () -> Void] = [:]
    private var counters = TaskCounters()
    private var lastIllegalTransition: String?
    private var nextID: UInt64 = 0
    private var version: UInt64 = 0
    /// Wakes parked snapshot streams (see `recordChange`).
    private let changes = ChangeSignal()

    /// Where the tasks it spawns run (nil: the global pool), and where their changes are logged.
    private let executor: (any TaskExecutor)?
    private let events: EventLog?

    public init(
        configuration: Configuration = Configuration(), time: TimeSource = .system,
        executor: (any TaskExecutor)? = nil, events: EventLog? = nil
    ) {
        self.configuration = configuration
        self.time = time
        self.executor = executor
        self.events = events
    }

    deinit {
        expiryTimer?.cancel()
    }

    /// Tracks a task the caller runs itself; it reports its states through `transition`.
    /// The board cannot cancel such a task: `cancel` marks it cancelled instead.
    @discardableResult
    public func register(name: String, kind: TaskKind, parent: TaskID? = nil) -> TaskID {
        nextID += 1
        let id = TaskID(rawValue: nextID)
        live[id] = TaskInfo(id: id, name: name, kind: kind, parent: parent, at: time.now())
        spawnOrder.append(id)
        if let parent, live[parent] != nil { children[parent, default: []].insert(id) }
        counters.spawned += 1
        counters.created += 1
        events?.append(.taskSpawned(task: id, name: name, kind: kind.name, parent: parent))
        recordChange()
        return id
    }

    /// Tracks a task the caller runs itself and can cancel: `cancel` on it (or on its parent) calls
    /// `onCancel` and leaves the state to the task's own reports, so the board never shows it
    /// cancelled while it still runs.
    @discardableResult
    public func register(
        name: String, kind: TaskKind, parent: TaskID? = nil, onCancel: @escaping @Sendable () -> Void
    ) -> TaskID {
        let id = register(name: name, kind: kind, parent: parent)
        cancelRequests[id] = onCancel
        return id
    }

    /// Starts `operation` as a new task tracked by the board. The board records `running` when it
    /// starts and `completed`, `failed(error)` or `cancelled` when it ends; the operation reports
    /// what happens in between through its handle. `onFinish` runs once the final state is
    /// recorded, however the task ended, even when it was cancelled before its operation started.
    @discardableResult
    public func spawn(
        name: String, kind: TaskKind, parent: TaskID? = nil,
        onFinish: (@Sendable (TaskID, TaskState) async -> Void)? = nil,
        operation: @escaping @Sendable (TaskHandle) async throws -> Void
    ) -> TaskID {
        let id = register(name: name, kind: kind, parent: parent)
        let handle = TaskHandle(id: id, board: self)
        // Not isolated to this actor, so the body does not start on it; `finish` cannot run before
        // this method returns (it needs the actor), so the handle is stored before it is removed.
        running[id] = Task(executorPreference: executor) {
            let final = await Self.run(operation, with: handle)
            await onFinish?(handle.id, final)
        }
        return id
    }

    private nonisolated static func run(
        _ operation: @Sendable (TaskHandle) async throws -> Void, with handle: TaskHandle
    ) async -> TaskState {
        if Task.isCancelled { return await handle.board.finish(handle.id, as: .cancelled) }
        await handle.set(.running)
        do {
            try await operation(handle)
            return await handle.board.finish(handle.id, as: .completed)
        } catch is CancellationError {
            return await handle.board.finish(handle.id, as: .cancelled)
        } catch {
            return await handle.board.finish(handle.id, as: .failed(String(describing: error)))
        }
    }

    /// Moves a task to `state`. Returns false, and counts an illegal transition, if the state
    /// machine forbids the move (see `TaskState`) or the task is unknown or already finished.
    @discardableResult
    public func transition(_ id: TaskID, to state: TaskState) -> Bool {
        guard var info = live[id] else { return refuse("\(id) is not live (-> \(state))") }
        if info.state == state { return true }
        guard info.state.canTransition(to: state) else {
            return refuse("\(id) \(info.name): \(info.state) -> \(state)")
        }
        counters.adjust(info.state, by: -1)
        counters.adjust(state, by: 1)
        info.record(state, at: time.now(), limit: configuration.timelineLimit)
        events?.append(state.isFinished ? .taskFinished(task: id, state: state) : .taskStateChanged(task: id, state: state))
        recordChange()
        if state.isFinished {
            retire(info)
        } else {
            live[id] = info
        }
        return true
    }

    /// How a managed task ends; returns the final state recorded. An operation that returns while
    /// marked waiting or suspended was in fact running when it returned, so that step is recorded
    /// rather than called illegal.
    private func finish(_ id: TaskID, as state: TaskState) -> TaskState {
        running[id] = nil
        guard let current = live[id]?.state else {
            // The operation set a final state itself; that is the one recorded, even when its
            // row has left the history since.
            return endedByOperation.removeValue(forKey: id) ?? state
        }
        // Every non-final state may move to running, and running to every final state.
        if !current.canTransition(to: state) { transition(id, to: .running) }
        transition(id, to: state)
        return state
    }

    private func refuse(_ description: String) -> Bool {
        counters.illegalTransitions += 1
        lastIllegalTransition = description
        events?.append(.taskTransitionRefused(description: description))
        recordChange()
        return false
    }

    private func retire(_ info: TaskInfo) {
        live[info.id] = nil
        // Still running: its operation ended it, and `finish` will ask how.
        if running.removeValue(forKey: info.id) != nil { endedByOperation[info.id] = info.state }
        children[info.id] = nil
        cancelRequests[info.id] = nil
        if let parent = info.parent { children[parent]?.remove(info.id) }
        live.shrinkWhenMostlyEmpty()
        running.shrinkWhenMostlyEmpty()
        children.shrinkWhenMostlyEmpty()
        finished.append(info)
        prune(now: time.now())
        armExpiryTimer()
    }

    /// Drops finished tasks beyond the history limit and those whose retention has ended.
    private func prune(now: SimulationInstant) {
        while let oldest = finished.first,
            finished.count > configuration.historyLimit || retentionEnd(of: oldest) <= now
        {
            finished.removeFirst()
            counters.evicted += 1
            recordChange()
        }
    }

    private func retentionEnd(of info: TaskInfo) -> SimulationInstant {
        info.stateSince.advanced(by: configuration.retention)
    }

    /// Starts the timer for the oldest finished task, unless one runs or none is kept. One that
    /// fires early (its task left by the history limit) just prunes nothing and re-arms.
    private func armExpiryTimer() {
        guard expiryTimer == nil, let sleep = time.sleep, let oldest = finished.first else { return }
        let due = retentionEnd(of: oldest)
        // On the board's executor when it has one: on a simulation's, the timer is one of its
        // sleepers, woken in order with the rest, never from another thread.
        expiryTimer = Task(executorPreference: executor) { [weak self] in
            guard (try? await sleep(due)) != nil else { return }
            await self?.retentionEnded()
        }
    }

    /// Room the board's tables have for tasks, used or not (for tests of memory after a flood).
    var tableCapacity: Int { live.capacity + running.capacity + children.capacity + endedByOperation.capacity }

    /// Whether a timer waits for a finished task's retention to end (for tests).
    var waitsForRetention: Bool { expiryTimer != nil }

    private func retentionEnded() {
        expiryTimer = nil
        prune(now: time.now())
        armExpiryTimer()
    }

    /// Cancels a task and, recursively, its live children, oldest first: the order of the cancels
    /// is the order of what follows them in the event log, which must not be a Set's hash order
    /// (it changes from one process to the next).
    public func cancel(_ id: TaskID) {
        for child in children[id]?.sorted() ?? [] { cancel(child) }
        if let task = running[id] {
            task.cancel()
        } else if let request = cancelRequests[id] {
            request()
        } else if live[id] != nil {
            transition(id, to: .cancelled)
        }
    }

    /// In the order the tasks were spawned (see `cancel`).
    public func cancelAll() {
        for id in live.keys.sorted() { cancel(id) }
    }

    /// A task, live or still in the history.
    public func info(_ id: TaskID) -> TaskInfo? {
        live[id] ?? finished.last { $0.id == id }
    }

    /// A snapshot unless the board is still at `version` (nil then): a frame taken 30 times a
    /// second would otherwise copy 500 rows each time while nothing on the board moved.
    public func snapshot(ifChangedSince version: UInt64?) -> TaskBoardSnapshot? {
        prune(now: time.now())
        return version == self.version ? nil : snapshot()
    }

    public func snapshot() -> TaskBoardSnapshot {
        let now = time.now()
        prune(now: now)
        return TaskBoardSnapshot(
            takenAt: now, version: version, counters: counters, liveCount: live.count,
            live: newestLive(configuration.snapshotRowLimit),
            lastIllegalTransition: lastIllegalTransition, finished: finished)
    }

    /// The newest `limit` live tasks, newest first: what a task list shows by default, and with
    /// 10,000 live tasks the ones a person just spawned. Drops finished ids from both ends of
    /// `spawnOrder`, and compacts it when finished ids outnumber live ones, so the walk stays
    /// short and the memory proportional to the live tasks.
    private func newestLive(_ limit: Int) -> [TaskInfo] {
        while let first = spawnOrder.first, live[first] == nil { spawnOrder.removeFirst() }
        while let last = spawnOrder.last, live[last] == nil { spawnOrder.removeLast() }
        if spawnOrder.count > 2 * live.count + 64 {
            spawnOrder.removeAll { live[$0] == nil }
        }
        var rows: [TaskInfo] = []
        rows.reserveCapacity(min(limit, live.count))
        for id in spawnOrder.reversed() where rows.count < limit {
            if let info = live[id] { rows.append(info) }
        }
        return rows
    }

    /// Every change bumps the version and then tells parked snapshot streams, both on the actor,
    /// so a stream that read the old version is already armed when this runs.
    private func recordChange() {
        version &+= 1
        changes.notify()
    }

    /// How many snapshot streams are parked waiting for a change (for tests).
    nonisolated var parkedSnapshotStreams: Int { changes.parkedCount }

    /// Snapshots as they change, newest only, at most one per `interval`.
    public nonisolated func snapshots(interval: Duration = .milliseconds(50)) -> AsyncStream<TaskBoardSnapshot> {
        coalescedSnapshots(
            interval: interval,
            changes: changes,
            version: { await self.version },
            build: {
                let snapshot = await self.snapshot()
                return (snapshot.version, snapshot)
            })
    }
}

/// What a managed task's operation uses to report its own state.
public struct TaskHandle: Sendable {
    public let id: TaskID
    let board: TaskBoard

    /// Reports a state change, e.g. `await handle.set(.waiting(.semaphore))`.
    @discardableResult
    public func set(_ state: TaskState) async -> Bool {
        await board.transition(id, to: state)
    }

    /// Spawns a child task; cancelling this task cancels it too.
    @discardableResult
    public func spawnChild(
        name: String, kind: TaskKind,
        operation: @escaping @Sendable (TaskHandle) async throws -> Void
    ) async -> TaskID {
        await board.spawn(name: name, kind: kind, parent: id, operation: operation)
    }
}

extension Dictionary {
    /// A dictionary keeps the room of its fullest moment: after a flood of 10,000 tasks the
    /// board's tables held megabytes for the ten left. Rebuilt to size once under an eighth full,
    /// which happens at most once per halving, so removal stays O(1) amortized.
    mutating func shrinkWhenMostlyEmpty() {
        guard capacity > 64, count < capacity / 8 else { return }
        var smaller = Self(minimumCapacity: count)
        for (key, value) in self { smaller[key] = value }
        self = smaller
    }
}
