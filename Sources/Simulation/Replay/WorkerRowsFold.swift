import AsyncDemoCore
import DequeModule

/// The Workers pane's rows as the event log tells them: every pool worker and job, in start
/// order, in the phase `WorkerPool` reports, kept for the retention once finished.
struct WorkerRowsFold: Sendable {
    let retention: Duration
    private var rows: [WorkerRow] = []
    private var positions: [TaskID: Int] = [:]
    private var finishedAt = Deque<(id: TaskID, at: SimulationInstant)>()

    init(retention: Duration) {
        self.retention = retention
    }

    mutating func apply(_ event: SimulationEvent) {
        switch event.kind {
        case .taskSpawned(let task, let name, let kind, _):
            guard kind == TaskKind.worker.name || kind == WorkerPool.jobKind.name else { return }
            positions[task] = rows.count
            rows.append(WorkerRow(id: task, label: name, isJob: kind == WorkerPool.jobKind.name, phase: .starting,
                                  since: event.at))
        case .taskStateChanged(let task, .waiting(.semaphore)): enter(.waiting, task, at: event.at)
        case .taskStateChanged(let task, .suspended(.sleep)): enter(.sleeping, task, at: event.at)
        case .workStarted(let task, let planned): enter(.holding(job: .nanoseconds(planned)), task, at: event.at)
        case .taskFinished(let task, let state):
            guard let position = positions[task] else { return }
            rows[position].phase = switch state {
            case .cancelled: .cancelled
            case .failed: .failed
            default: .done
            }
            rows[position].since = event.at
            finishedAt.append((task, event.at))
        default: break
        }
    }

    private mutating func enter(_ phase: WorkerRow.Phase, _ task: TaskID, at instant: SimulationInstant) {
        guard let position = positions[task], !rows[position].phase.isFinished else { return }
        rows[position].phase = phase
        rows[position].since = instant
    }

    /// The rows at `now`, those finished longer than the retention ago gone (as the pool's
    /// snapshot drops them).
    mutating func rows(at now: SimulationInstant) -> [WorkerRow] {
        var expired: Set<TaskID> = []
        while let oldest = finishedAt.first, oldest.at.advanced(by: retention) < now {
            expired.insert(finishedAt.removeFirst().id)
        }
        if !expired.isEmpty {
            rows.removeAll { expired.contains($0.id) }
            positions = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.id, $0) })
        }
        return rows
    }
}
