import AsyncDemoCore
import TerminalKit
import Testing
import TestSupport

@testable import Dashboard
@testable import Simulation

/// Fixed snapshots for renders and reducer tests, built through the real primitives on a manual
/// clock so every age and wait is the same on every run.
enum Fixtures {
    static let time = ManualTime()
    static var origin: SimulationInstant { time.now }
    /// "Now" in the fixtures: ten simulated seconds after the first task was spawned.
    static var now: SimulationInstant { origin.advanced(by: .seconds(10)) }

    /// A board with `names` spawned a second apart, moved through typical states; the first
    /// `finished` of them have ended (completed, cancelled, failed in turn).
    static func board(_ names: [String], finished: Int = 0) async -> TaskBoardSnapshot {
        let clock = ManualTime(start: origin)
        let board = TaskBoard(time: clock.source)
        var ids: [TaskID] = []
        for (index, name) in names.enumerated() {
            let kind: TaskKind = [.worker, .producer, .consumer, "job"][index % 4]
            let parent = kind == "job" ? ids.last : nil
            let id = await board.register(name: name, kind: kind, parent: parent)
            ids.append(id)
            clock.advance(by: .milliseconds(300))
            await board.transition(id, to: .running)
            let states: [TaskState] = [.waiting(.semaphore), .running, .suspended(.sleep), .waiting(.queueFull), .suspended(.io)]
            await board.transition(id, to: states[index % states.count])
            clock.advance(by: .milliseconds(700))
        }
        for (index, id) in ids.prefix(finished).enumerated() {
            await board.transition(id, to: .running)
            let ends: [TaskState] = [.completed, .cancelled, .failed("simulated I/O error")]
            await board.transition(id, to: ends[index % ends.count])
        }
        return await board.snapshot()
    }

    /// A semaphore with `held` of `permits` taken and `waiting` tasks in line.
    static func semaphore(permits: Int, held: Int, waiting: Int) async -> SemaphoreSnapshot {
        let semaphore = AsyncSemaphore(permits: permits, time: ManualTime(start: origin).source)
        for index in 0..<held { _ = semaphore.tryAcquire(for: TaskID(rawValue: UInt64(index + 1))) }
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<waiting {
            let owner = TaskID(rawValue: UInt64(held + index + 1))
            waiters.append(Task { try await semaphore.acquire(for: owner) })
            await eventually("waiter \(index) in line") { semaphore.snapshot().waiterCount == index + 1 }
        }
        let snapshot = semaphore.snapshot()
        for waiter in waiters { waiter.cancel() }
        return snapshot
    }

    static func workers(_ labels: [String], permits: Int = 3) async -> WorkerPoolSnapshot {
        let phases: [WorkerRow.Phase] = [
            .holding(job: .seconds(3)), .waiting, .sleeping, .holding(job: .seconds(2)), .waiting, .done, .cancelled, .failed,
        ]
        let rows = labels.enumerated().map { index, label in
            WorkerRow(id: TaskID(rawValue: UInt64(index + 1)), label: label, isJob: label.hasPrefix("job"),
                      phase: phases[index % phases.count], since: now.advanced(by: .milliseconds(-400 * (index + 1))))
        }
        let holding = rows.filter { if case .holding = $0.phase { true } else { false } }.count
        let waiting = rows.filter { $0.phase == .waiting }.count
        // A line forms only when every permit is held.
        let used = waiting > 0 ? max(1, min(permits, holding)) : permits
        let semaphore = await semaphore(permits: used, held: min(used, holding), waiting: waiting)
        return WorkerPoolSnapshot(rows: rows, semaphore: semaphore)
    }

    /// A queue of `capacity` holding `depth` items after `received` were taken, with
    /// `blockedSenders` producers parked on it when it is full.
    static func queue(capacity: Int, depth: Int, received: Int, blockedSenders: Int = 0, history: [Int] = []) async
        -> PipelineSnapshot
    {
        let queue = BoundedQueue<Int>(capacity: capacity)
        for item in 0..<received {
            _ = queue.offer(item)
            _ = queue.poll()
        }
        for item in 0..<depth { _ = queue.offer(item) }
        var senders: [Task<Void, any Error>] = []
        for index in 0..<blockedSenders {
            senders.append(Task { try await queue.send(-1) })
            await eventually("sender \(index) blocked") { queue.snapshot().blockedSenders == index + 1 }
        }
        let snapshot = queue.snapshot()
        for sender in senders { sender.cancel() }
        return PipelineSnapshot(
            queue: snapshot, depthHistory: history, sendRate: 6, receiveRate: 4, producers: 2, consumers: 2,
            ratePerProducer: 3)
    }

    /// A model with every pane fed: a typical moment of the default scenario.
    static func typicalModel(_ size: Size) async -> DashboardModel {
        var model = DashboardModel(size: size)
        model.uptime = .seconds(42)
        model.framesPerSecond = 30
        model.simulationNow = now
        model.workers = await workers(["w1", "w2", "w3", "w4", "w5", "w6", "job-1"])
        model.queue = await queue(capacity: 16, depth: 16, received: 40, blockedSenders: 1,
                                  history: [0, 1, 3, 4, 6, 7, 9, 10, 12, 12, 11, 12])
        model.tasks = await board(["w1", "p1", "c1", "job-1", "w2", "p2", "c2", "job-2"], finished: 2)
        var log = LogSnapshot(path: "/state/asyncdemo-tui/activity.log")
        log.status = .following
        log.linesPerSecond = 7
        for line in ["info  spawned job-1 (#4) kind=job", "info  permit granted to w1 (#1) after 0.4s",
                     "info  p1 enqueued item 52 depth=12", "info  cancelled job-2 (#8)"] {
            log.lines.append(line)
            log.totalLines += 1
        }
        model.receive(log)
        return model
    }

    /// `typicalModel` with a hundred log lines ("line 1" to "line 100"), more than a page.
    static func modelWithLongLog(_ size: Size = Size(width: 100, height: 30)) async -> DashboardModel {
        var model = await typicalModel(size)
        var log = LogSnapshot(path: "/tmp/app.log")
        for number in 1...100 { log.lines.append("line \(number)") }
        log.totalLines = 100
        model.receive(log)
        return model
    }
}
