import AsyncDemoCore

/// Owns the tasks that compete for the semaphore: keeps `target` workers running (replacing any
/// that fail), starts one-off jobs, and publishes a row per task for the Workers pane.
public actor WorkerPool {
    private let context: ScenarioContext
    private let retention: Duration
    private var rows: [TaskID: WorkerRow] = [:]
    private var order: [TaskID] = []
    private var target: Int
    private var startsInFlight = 0
    /// Workers asked to stop (`W`), so a quick second `W` picks another one.
    private var stopping: Set<TaskID> = []
    private var workerNumber = 0
    private var jobNumber = 0
    private var version: UInt64 = 0
    private let changes = ChangeSignal()

    init(context: ScenarioContext, workers: Int, retention: Duration) {
        self.context = context
        self.target = workers
        self.retention = retention
    }

    /// Starts workers until `target` are live. Counts the live ones once, not per start: with
    /// 10,000 workers a recount per start made the first second quadratic.
    func topUp() async {
        var live = liveWorkers.count + startsInFlight
        while live < target {
            live += 1
            startsInFlight += 1
            workerNumber += 1
            let label = "w\(workerNumber)"
            let id = await context.spawn(label, kind: .worker, onEnd: { [self] id, state in
                await ended(id, label: label, isJob: false, state: state)
            }, body: { [context, self] handle in
                try await WorkerBodies.workerLoop(handle, label: label, context: context, pool: self)
            })
            startsInFlight -= 1
            insertIfAbsent(WorkerRow(id: id, label: label, isJob: false, phase: .starting, since: context.time.now()))
        }
    }

    func adjustWorkers(by delta: Int) async {
        target = min(ScenarioSettings.workerLimits.upperBound, max(0, target + delta))
        recordChange()
        await topUp()
        // Stops the newest workers first: the oldest keep their place in the permit line.
        for row in liveWorkers.reversed().prefix(max(0, liveWorkers.count - target)) {
            stopping.insert(row.id)
            await context.board.cancel(row.id)
        }
    }

    func adjustPermits(by delta: Int) {
        let permits = context.semaphore.snapshot().permits + delta
        let clamped = min(ScenarioSettings.permitLimits.upperBound, max(ScenarioSettings.permitLimits.lowerBound, permits))
        context.semaphore.setPermits(clamped)
        context.log.info("permits set to \(clamped)")
        recordChange()
    }

    /// A one-off job: sleeps, waits for a permit, computes, logs; with a child task beside it.
    @discardableResult
    func spawnJob() async -> TaskID {
        jobNumber += 1
        let label = "job-\(jobNumber)"
        let id = await context.spawn(label, kind: "job", onEnd: { [self] id, state in
            await ended(id, label: label, isJob: true, state: state)
        }, body: { [context, self] handle in
            try await WorkerBodies.job(handle, label: label, context: context, pool: self)
        })
        insertIfAbsent(WorkerRow(id: id, label: label, isJob: true, phase: .starting, since: context.time.now()))
        return id
    }

    /// A task's new phase (called from its own body).
    func report(_ id: TaskID, label: String, isJob: Bool, phase: WorkerRow.Phase) {
        let now = context.time.now()
        if var row = rows[id] {
            guard !row.phase.isFinished else { return }
            row.phase = phase
            row.since = now
            rows[id] = row
        } else {
            insertIfAbsent(WorkerRow(id: id, label: label, isJob: isJob, phase: phase, since: now))
        }
        recordChange()
    }

    private func ended(_ id: TaskID, label: String, isJob: Bool, state: TaskState) async {
        let phase: WorkerRow.Phase = switch state {
        case .cancelled: .cancelled
        case .failed: .failed
        default: .done
        }
        var row = rows[id] ?? WorkerRow(id: id, label: label, isJob: isJob, phase: phase, since: context.time.now())
        row.phase = phase
        row.since = context.time.now()
        if rows[id] == nil { order.append(id) }
        rows[id] = row
        recordChange()
        guard !isJob else { return }
        if stopping.remove(id) == nil, phase == .cancelled {
            // Cancelled from the Tasks pane (or all with C): the pool shrinks rather than
            // undoing what the person just did.
            target = max(0, target - 1)
        }
        if phase == .failed {
            context.log.warning("replacing failed worker \(label)")
            await topUp()
        }
    }

    private var liveWorkers: [WorkerRow] {
        order.compactMap { rows[$0] }.filter { !$0.isJob && !$0.phase.isFinished && !stopping.contains($0.id) }
    }

    private func insertIfAbsent(_ row: WorkerRow) {
        guard rows[row.id] == nil else { return }
        rows[row.id] = row
        order.append(row.id)
        recordChange()
    }

    public func snapshot() -> WorkersSnapshot {
        let now = context.time.now()
        let expired = order.filter { id in
            guard let row = rows[id] else { return true }
            return row.phase.isFinished && row.since.advanced(by: retention) < now
        }
        if !expired.isEmpty {
            for id in expired { rows[id] = nil }
            let gone = Set(expired)
            order.removeAll { gone.contains($0) }
        }
        return WorkersSnapshot(rows: order.compactMap { rows[$0] }, semaphore: context.semaphore.snapshot(), targetWorkers: target)
    }

    private func versionedSnapshot() -> (version: UInt64, snapshot: WorkersSnapshot) {
        (version, snapshot())
    }

    private func recordChange() {
        version &+= 1
        changes.notify()
    }

    public nonisolated func snapshots(interval: Duration = .milliseconds(30)) -> AsyncStream<WorkersSnapshot> {
        coalescedSnapshots(
            interval: interval, changes: changes, version: { await self.version },
            build: { await self.versionedSnapshot() })
    }
}
