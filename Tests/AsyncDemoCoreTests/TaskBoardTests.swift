import Locking
import Testing
import TestSupport

@testable import AsyncDemoCore

private struct DemoFailure: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

private func waitUntilFinished(_ board: TaskBoard, _ ids: TaskID...) async {
    await eventually("tasks \(ids) finished") {
        let snapshot = await board.snapshot()
        return ids.allSatisfy { snapshot.liveTask($0) == nil }
    }
}

/// Counts calls from any thread.
private final class LockedCounter: Sendable {
    private let count = LockedState(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}

@Suite struct TaskBoardTests {
    @Test func taskboard_records_every_transition_of_a_managed_task_with_its_time() async {
        // Given a board on a manual clock
        let time = ManualTime()
        let board = TaskBoard(time: time.source)
        // When a task waits on a semaphore, runs, sleeps, runs and returns
        let id = await board.spawn(name: "worker 1", kind: .worker) { handle in
            await handle.set(.waiting(.semaphore))
            time.advance(by: .seconds(1))
            await handle.set(.running)
            await handle.set(.suspended(.sleep))
            await handle.set(.running)
        }
        await waitUntilFinished(board, id)
        // Then its timeline holds each state in order, and the counters agree
        let info = await board.info(id)
        #expect(info?.timeline.map(\.state) == [
            .created, .running, .waiting(.semaphore), .running, .suspended(.sleep), .running, .completed,
        ])
        #expect(info?.timeline[3].at == info.map { $0.createdAt.advanced(by: .seconds(1)) })
        let counters = await board.snapshot().counters
        #expect(counters.spawned == 1 && counters.completed == 1 && counters.running == 0)
        #expect(counters.illegalTransitions == 0)
    }

    @Test func taskboard_refuses_and_counts_an_illegal_transition() async {
        // Given a task that was only created
        let board = TaskBoard()
        let id = await board.register(name: "t", kind: .worker)
        // When it is said to have completed without ever running
        let accepted = await board.transition(id, to: .completed)
        // Then the move is refused, counted and described, and the state is unchanged
        #expect(!accepted)
        let snapshot = await board.snapshot()
        #expect(snapshot.counters.illegalTransitions == 1)
        #expect(snapshot.lastIllegalTransition?.contains("created -> completed") == true)
        #expect(snapshot.liveTask(id)?.state == .created)
    }

    @Test func taskboard_asks_a_registered_task_that_can_be_cancelled_to_stop_and_waits_for_its_report() async {
        // Given a parent with two registered children: one that says how to cancel it, one that does not
        let board = TaskBoard()
        let parent = await board.register(name: "lesson", kind: .worker)
        let asked = LockedCounter()
        let stoppable = await board.register(name: "job", kind: .worker, parent: parent, onCancel: { asked.increment() })
        let plain = await board.register(name: "plain", kind: .worker, parent: parent)
        await board.transition(stoppable, to: .running)
        // When the parent is cancelled
        await board.cancel(parent)
        // Then the stoppable child is asked once and stays running until it reports its end
        #expect(asked.value == 1)
        #expect(await board.info(stoppable)?.state == .running)
        #expect(await board.info(plain)?.state == .cancelled, "a task that cannot be asked is marked")
        #expect(await board.transition(stoppable, to: .cancelled))
        await board.cancel(stoppable)
        #expect(asked.value == 1, "a finished task is not asked again")
        #expect(await board.snapshot().counters.illegalTransitions == 0)
    }

    @Test func taskboard_transition_table_matches_the_documented_state_machine() {
        // Given every state, when each pair is checked, then exactly the documented moves are legal
        let states: [TaskState] = [
            .created, .waiting(.lock), .running, .suspended(.io), .completed, .failed("x"), .cancelled,
        ]
        let legal: Set<String> = [
            "created>running", "created>waiting(lock)", "created>cancelled",
            "waiting(lock)>running", "waiting(lock)>cancelled", "waiting(lock)>failed(x)",
            "running>waiting(lock)", "running>suspended(io)", "running>completed", "running>failed(x)",
            "running>cancelled", "suspended(io)>running", "suspended(io)>cancelled", "suspended(io)>failed(x)",
        ]
        for from in states {
            for to in states {
                #expect(from.canTransition(to: to) == legal.contains("\(from)>\(to)"), "\(from) -> \(to)")
            }
        }
    }

    @Test func taskboard_records_the_error_text_of_a_failed_task() async {
        let board = TaskBoard()
        // When an operation throws
        let id = await board.spawn(name: "reader", kind: .follower) { _ in throw DemoFailure() }
        await waitUntilFinished(board, id)
        // Then the task is failed with the error's text
        #expect(await board.info(id)?.state == .failed("disk on fire"))
        #expect(await board.snapshot().counters.failed == 1)
    }

    @Test func taskboard_on_finish_reports_the_final_state_however_the_task_ended() async {
        let board = TaskBoard()
        let outcomes = Recorder<String>()
        // Given three tasks: one completes, one throws, one is cancelled while it sleeps
        await board.spawn(name: "ok", kind: .worker, onFinish: { outcomes.append("ok \($1)") }) { _ in }
        await board.spawn(name: "bad", kind: .worker, onFinish: { outcomes.append("bad \($1)") }) { _ in
            throw DemoFailure()
        }
        let sleeper = await board.spawn(name: "zz", kind: .worker, onFinish: { outcomes.append("zz \($1)") }) { handle in
            await handle.set(.suspended(.sleep))
            try await Task.sleep(for: .seconds(3600))
        }
        await eventually("sleeper asleep") { await board.info(sleeper)?.state == .suspended(.sleep) }
        await board.cancel(sleeper)
        // Then each callback ran once, after the board recorded that state
        await eventually("three outcomes") { outcomes.values.count == 3 }
        #expect(Set(outcomes.values) == ["ok completed", "bad failed(disk on fire)", "zz cancelled"])
        #expect(await board.info(sleeper)?.state == .cancelled)
    }

    @Test func taskboard_cancelling_a_parent_cancels_its_children() async {
        // Given a parent that spawned a child, both sleeping until cancelled
        let board = TaskBoard()
        let childID = Recorder<TaskID>()
        let parent = await board.spawn(name: "parent", kind: .worker) { handle in
            let child = await handle.spawnChild(name: "child", kind: .worker) { handle in
                await handle.set(.suspended(.sleep))
                try await Task.sleep(for: .seconds(3600))
            }
            childID.append(child)
            await handle.set(.suspended(.sleep))
            try await Task.sleep(for: .seconds(3600))
        }
        await eventually("child spawned") { !childID.values.isEmpty }
        let child = childID.values[0]
        // When the parent is cancelled
        await board.cancel(parent)
        // Then both end cancelled
        await waitUntilFinished(board, parent, child)
        #expect(await board.info(parent)?.state == .cancelled)
        #expect(await board.info(child)?.state == .cancelled)
        #expect(await board.snapshot().counters.cancelled == 2)
    }

    @Test func taskboard_cancel_all_ends_every_live_task() async {
        let board = TaskBoard()
        for index in 0..<20 {
            await board.spawn(name: "w\(index)", kind: .worker) { _ in try await Task.sleep(for: .seconds(3600)) }
        }
        await board.cancelAll()
        await eventually("all cancelled") { await board.snapshot().counters.cancelled == 20 }
        #expect(await board.snapshot().live.isEmpty)
    }

    /// The order of the cancels decides the order of the events that follow them, so it must be
    /// the tasks' own, never a table's hash order, which changes from one process to the next.
    @Test func taskboard_cancels_in_the_order_the_tasks_were_spawned() async {
        // Given forty tasks on one board, and a parent with forty children on another, each
        // saying when it is asked to stop
        let asked = Recorder<Int>()
        let tasks = TaskBoard(), family = TaskBoard()
        for index in 0..<40 {
            await tasks.register(name: "t\(index)", kind: .worker) { asked.append(index) }
        }
        let parent = await family.register(name: "parent", kind: .worker) { asked.append(-1) }
        for index in 0..<40 {
            await family.register(name: "c\(index)", kind: "child", parent: parent) { asked.append(100 + index) }
        }
        // When every task of the first is cancelled, and the parent
        await tasks.cancelAll()
        await family.cancel(parent)
        // Then each was asked oldest first, a parent's children before the parent
        #expect(asked.values == Array(0..<40) + (0..<40).map { 100 + $0 } + [-1])
    }

    @Test func taskboard_keeps_finished_tasks_only_within_retention_and_history_limit() async {
        // Given a board keeping at most 5 finished tasks for 10 s
        let time = ManualTime()
        let board = TaskBoard(
            configuration: .init(retention: .seconds(10), historyLimit: 5), time: time.source)
        // When 20 tasks finish
        for index in 0..<20 {
            let id = await board.register(name: "t\(index)", kind: .worker)
            await board.transition(id, to: .running)
            await board.transition(id, to: .completed)
        }
        // Then only the 5 newest are kept, the rest counted as evicted
        var snapshot = await board.snapshot()
        #expect(snapshot.recentlyFinished.map(\.name) == ["t15", "t16", "t17", "t18", "t19"])
        #expect(snapshot.counters.evicted == 15)
        // And once the retention window passes, none are
        time.advance(by: .seconds(11))
        snapshot = await board.snapshot()
        #expect(snapshot.recentlyFinished.isEmpty)
        #expect(snapshot.counters.completed == 20)
    }

    @Test func taskboard_tells_its_streams_when_a_finished_tasks_retention_ends() async {
        // Given a board keeping finished tasks for 10 s, watched by a snapshot stream
        let time = ManualTime()
        let board = TaskBoard(configuration: .init(retention: .seconds(10)), time: time.source)
        #expect(await !board.waitsForRetention, "nothing kept, nothing waits")
        let shown = Recorder<[String]>()
        let watcher = Task {
            for await snapshot in board.snapshots(interval: .milliseconds(1)) {
                shown.append(snapshot.recentlyFinished.map(\.name))
            }
        }
        defer { watcher.cancel() }
        // When two tasks finish 4 s apart
        for name in ["first", "second"] {
            let id = await board.register(name: name, kind: .worker)
            await board.transition(id, to: .cancelled)
            if name == "first" { time.advance(by: .seconds(4)) }
        }
        await eventually("both shown") { shown.values.last == ["first", "second"] }
        await eventually("one timer, for the oldest, asleep") { time.sleeping == 1 }
        // Then the first leaves the stream when its 10 s are up, with nothing else changing
        time.advance(by: .seconds(6))
        await eventually("first gone from the stream") { shown.values.last == ["second"] }
        await eventually("the timer re-armed for the second") { time.sleeping == 1 }
        time.advance(by: .seconds(4))
        await eventually("second gone from the stream") { shown.values.last == [] }
        // And with nothing kept, nothing waits
        #expect(await !board.waitsForRetention)
        #expect(time.sleeping == 0)
        #expect(await board.snapshot().counters.evicted == 2)
    }

    @Test func taskboard_on_finish_reports_the_state_an_operation_set_itself_after_its_row_left() async {
        // Given a board that keeps no finished task, and an operation that fails itself and returns
        let board = TaskBoard(configuration: .init(historyLimit: 0))
        let outcomes = Recorder<TaskState>()
        await board.spawn(name: "gives up", kind: .worker, onFinish: { outcomes.append($1) }) { handle in
            await handle.set(.failed("gave up"))
        }
        await eventually("finished") { !outcomes.values.isEmpty }
        // Then the state it set is the one reported and counted, not a completion
        #expect(outcomes.values == [.failed("gave up")])
        let counters = await board.snapshot().counters
        #expect(counters.failed == 1)
        #expect(counters.completed == 0)
        #expect(counters.running == 0)
    }

    @Test func manual_time_wakes_a_sleeper_when_advanced_to_its_deadline_and_a_cancel_ends_it() async throws {
        let time = ManualTime()
        let deadline = time.now.advanced(by: .seconds(5))
        let sleeper = Task { try await time.sleep(until: deadline) }
        await eventually("asleep") { time.sleeping == 1 }
        time.advance(by: .seconds(4))
        #expect(time.sleeping == 1, "not yet")
        time.advance(by: .seconds(1))
        try await sleeper.value
        let cancelled = Task { try await time.sleep(until: deadline.advanced(by: .seconds(60))) }
        await eventually("asleep") { time.sleeping == 1 }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(time.sleeping == 0)
    }

    @Test func taskboard_memory_stays_bounded_over_many_tasks_and_long_timelines() async {
        // Given a small history
        let board = TaskBoard(configuration: .init(historyLimit: 100, timelineLimit: 8))
        // When 50,000 tasks come and go, and one task loops through 1,000 transitions
        for _ in 0..<50_000 {
            let id = await board.register(name: "t", kind: .worker)
            await board.transition(id, to: .cancelled)
        }
        let looper = await board.register(name: "loop", kind: .worker)
        for _ in 0..<500 {
            await board.transition(looper, to: .running)
            await board.transition(looper, to: .waiting(.event))
        }
        // Then only the live task and the bounded history are stored
        let snapshot = await board.snapshot()
        #expect(snapshot.live.count == 1 && snapshot.liveCount == 1)
        #expect(snapshot.recentlyFinished.count == 100)
        #expect(snapshot.liveTask(looper)?.timeline.count == 8)
        #expect(snapshot.liveTask(looper)?.droppedTransitions == 993)
        #expect(snapshot.counters.spawned == 50_001)
    }

    @Test func taskboard_snapshot_lists_newest_live_tasks_newest_first_up_to_the_row_limit() async {
        // Given a board listing at most 3 rows, and 10 tasks of which the even ones finished
        let board = TaskBoard(configuration: .init(snapshotRowLimit: 3))
        for index in 0..<10 {
            let id = await board.register(name: "t\(index)", kind: .worker)
            if index.isMultiple(of: 2) { await board.transition(id, to: .cancelled) }
        }
        // When a snapshot is taken, then it lists the 3 newest live ones and counts all 5
        let snapshot = await board.snapshot()
        #expect(snapshot.live.map(\.name) == ["t9", "t7", "t5"])
        #expect(snapshot.liveCount == 5)
    }

    @Test func taskboard_snapshot_stream_coalesces_changes() async {
        // Given a subscriber
        let board = TaskBoard()
        var iterator = board.snapshots(interval: .milliseconds(1)).makeAsyncIterator()
        #expect(await iterator.next()?.counters.spawned == 0)
        // When 1,000 tasks are registered in a burst
        for _ in 0..<1000 { await board.register(name: "t", kind: .worker) }
        // Then the subscriber reaches the final state in far fewer than 1,000 snapshots
        var seen = 0
        var latest = await iterator.next()
        seen += 1
        while latest?.counters.spawned != 1000 {
            latest = await iterator.next()
            seen += 1
        }
        #expect(seen < 1000)
    }
}
