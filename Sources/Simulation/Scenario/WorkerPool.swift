import AsyncDemoCore
import DequeModule

/// Owns the tasks that compete for the semaphore: keeps `target` workers running (replacing any
/// that fail), starts one-off jobs, and publishes a row per task for the Workers pane.
public actor WorkerPool {
    private let context: ScenarioContext
    private let retention: Duration
    /// In start order. An array, not a dictionary walked in order: a snapshot shares it as is,
    /// which with 10,000 workers is most of what publishing costs.
    private var rows: [WorkerRow] = []
    private var positions: [TaskID: Int] = [:]
    /// Finished rows in the order they finished, so expiry looks only at the oldest.
    private var finishedAt = Deque<(id: TaskID, at: SimulationInstant)>()
    private var target: Int
    private var startsInFlight = 0
    /// Workers started and not yet ended or asked to stop: what `liveWorkers` would count.
    private var liveWorkerCount = 0
    /// Workers asked to stop (`W`), so a quick second `W` picks another one.
    private var stopping: Set<TaskID> = []
    private var workerNumber = 0
    private var jobNumber = 0

    /// The kind of the one-off jobs `s` spawns (the pool's workers are `TaskKind.worker`).
    static let jobKind: TaskKind = "job"

    /// How many workers start at one simulated instant (see `topUp`).
    static let startBatch = 250

    init(context: ScenarioContext, workers: Int, retention: Duration) {
        self.context = context
        self.target = workers
        self.retention = retention
    }

    /// Starts workers until `target` are live. Reads a kept count, not a recount of the rows:
    /// with 10,000 workers a recount per start made the first second quadratic, and a count
    /// taken once went stale when a worker failed (and was replaced) during the awaits.
    func topUp() async {
        var startedHere = 0
        while liveWorkerCount + startsInFlight < target {
            // Thousands of workers start a batch per simulated millisecond: the simulation's
            // thread then reaches a quiet point between batches, where frames show the start
            // climbing and keys get in, instead of waiting for all 10,000.
            if startedHere == Self.startBatch {
                startedHere = 0
                do { try await context.clock.sleep(for: .milliseconds(1)) } catch { return }
                continue
            }
            startedHere += 1
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
        await topUp()
        // Stops the newest workers first: the oldest keep their place in the permit line.
        for row in liveWorkers.reversed().prefix(max(0, liveWorkerCount - target)) {
            stopping.insert(row.id)
            liveWorkerCount -= 1
            await context.board.cancel(row.id)
        }
    }

    func adjustPermits(by delta: Int) {
        let permits = context.semaphore.snapshot().permits + delta
        let clamped = min(ScenarioSettings.permitLimits.upperBound, max(ScenarioSettings.permitLimits.lowerBound, permits))
        context.semaphore.setPermits(clamped)
        context.events.append(.permitsResized(permits: clamped))
        context.log.info("permits set to \(clamped)")
    }

    /// A one-off job: sleeps, waits for a permit, computes, logs; with a child task beside it.
    @discardableResult
    func spawnJob() async -> TaskID {
        jobNumber += 1
        let label = "job-\(jobNumber)"
        let id = await context.spawn(label, kind: Self.jobKind, onEnd: { [self] id, state in
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
        guard let position = positions[id] else {
            return insertIfAbsent(WorkerRow(id: id, label: label, isJob: isJob, phase: phase, since: now))
        }
        guard !rows[position].phase.isFinished else { return }
        rows[position].phase = phase
        rows[position].since = now
    }

    private func ended(_ id: TaskID, label: String, isJob: Bool, state: TaskState) async {
        let phase: WorkerRow.Phase = switch state {
        case .cancelled: .cancelled
        case .failed: .failed
        default: .done
        }
        let now = context.time.now()
        let wasStopping = stopping.remove(id) != nil
        if let position = positions[id] {
            if !isJob, !rows[position].phase.isFinished, !wasStopping { liveWorkerCount -= 1 }
            rows[position].phase = phase
            rows[position].since = now
        } else {
            insertIfAbsent(WorkerRow(id: id, label: label, isJob: isJob, phase: phase, since: now))
        }
        finishedAt.append((id, now))
        guard !isJob else { return }
        if !wasStopping, phase == .cancelled {
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
        rows.filter { !$0.isJob && !$0.phase.isFinished && !stopping.contains($0.id) }
    }

    private func insertIfAbsent(_ row: WorkerRow) {
        guard positions[row.id] == nil else { return }
        if !row.isJob, !row.phase.isFinished { liveWorkerCount += 1 }
        positions[row.id] = rows.count
        rows.append(row)
    }

    /// Drops rows finished longer than `retention` ago.
    private func expire(now: SimulationInstant) {
        var expired: Set<TaskID> = []
        while let oldest = finishedAt.first, oldest.at.advanced(by: retention) < now {
            expired.insert(finishedAt.removeFirst().id)
        }
        guard !expired.isEmpty else { return }
        rows.removeAll { expired.contains($0.id) }
        positions = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.id, $0) })
    }

    public func snapshot() -> WorkerPoolSnapshot {
        expire(now: context.time.now())
        return WorkerPoolSnapshot(rows: rows, semaphore: context.semaphore.snapshot())
    }


}
