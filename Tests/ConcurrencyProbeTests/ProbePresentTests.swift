import AsyncDemoCore
@testable import ConcurrencyProbe
import Simulation
import Testing
import TestSupport

/// A dashboard attaching late is told the program's present (holders, the line of waiters,
/// queues' depths, blocked senders and waiting receivers, tasks' states) first, and then only
/// what came after it: read in-process, as the probe's server numbers it.
@Suite struct ProbePresentTests {
    @Test func test_a_late_dashboard_is_told_the_holders_in_grant_order_and_the_waiters_in_line_order() async throws {
        // Given a semaphore of 2 permits held by two tasks, and two more in line, before any dashboard
        let probe = Probe(program: "test")
        let semaphore = probe.semaphore("db", permits: 2)
        let stop = Flag()
        var tasks: [Task<Void, any Error>] = []
        for name in ["first", "second", "third", "fourth"] {
            tasks.append(probe.task(name) {
                try await semaphore.withPermit { await waitFor(stop) }
            })
            let known = tasks.count
            await eventually("\(name) to hold or wait") {
                let now = semaphore.semaphore.snapshot()
                return now.held + now.waiterCount == known
            }
        }
        // When a dashboard attaches
        var dashboard = InProcessDashboard(attachingTo: probe)
        var fold = ResourcesFold()
        for event in dashboard.events { fold.apply(event) }
        // Then it sees the holders in grant order, the line in order with their waits, and the waiters' states
        let (first, second, third, fourth) = (TaskID(rawValue: 1), TaskID(rawValue: 2), TaskID(rawValue: 3), TaskID(rawValue: 4))
        let told = try #require(fold.snapshot(at: .start).semaphores.first)
        #expect(told.name == "db")
        #expect(told.semaphore.permits == 2)
        #expect(told.semaphore.holders == [first, second])
        #expect(told.semaphore.waiters.map(\.owner) == [third, fourth])
        #expect(told.semaphore.waiters.allSatisfy { $0.waited > .zero })
        #expect(dashboard.events.contains { $0.kind == .taskStateChanged(task: third, state: .waiting(.semaphore)) && $0.resource == "db" })
        #expect(dashboard.events.contains { $0.kind == .taskStateChanged(task: first, state: .running) })
        // And what follows goes on from there: the holders release, the waiters hold, all end
        stop.value.store(true, ordering: .relaxed)
        for task in tasks { try await task.value }
        dashboard.read(probe)
        fold = ResourcesFold()
        var board = TaskStatesFold()
        for event in dashboard.events {
            fold.apply(event)
            try board.apply(event)
        }
        let after = try #require(fold.snapshot(at: .start).semaphores.first?.semaphore)
        #expect(after.holders.isEmpty)
        #expect(after.waiterCount == 0)
        #expect(after.totalGrants == 4)
        #expect(board.live.isEmpty)
        #expect(board.finished == 4)
    }

    @Test func test_a_late_dashboard_is_told_each_queues_depth_blocked_senders_and_waiting_receivers_and_no_more() async throws {
        // Given a full queue with a producer blocked, and an empty one a receiver waits on
        let probe = Probe(program: "test")
        let jobs = probe.queue("jobs", of: Int.self, capacity: 2)
        let mail = probe.queue("mail", of: Int.self, capacity: 2)
        try await jobs.send(1)
        try await jobs.send(2)
        let producer = probe.task("producer") { try await jobs.send(3) }
        let reader = probe.task("reader") { _ = try await mail.receive() }
        await eventually("the producer to block and the reader to wait") {
            jobs.snapshot().blockedSenders == 1 && mail.snapshot().blockedReceivers == 1
        }
        // When a dashboard attaches
        let dashboard = InProcessDashboard(attachingTo: probe)
        var fold = ResourcesFold()
        for event in dashboard.events { fold.apply(event) }
        // Then each queue is told with its own figures
        let queues = fold.snapshot(at: .start).queues
        #expect(queues.map(\.name) == ["jobs", "mail"])
        #expect(queues.map(\.depth) == [2, 0])
        #expect(queues.map(\.queue.capacity) == [2, 2])
        #expect(queues.map(\.queue.blockedSenders) == [1, 0])
        #expect(queues.map(\.queue.blockedReceivers) == [0, 1])
        #expect(dashboard.events.contains { $0.kind == .taskStateChanged(task: TaskID(rawValue: 2), state: .waiting(.queueEmpty)) && $0.resource == "mail" })
        producer.cancel()
        reader.cancel()
        _ = await producer.result
        _ = await reader.result
    }

    @Test func test_an_attach_while_tasks_take_and_return_permits_neither_repeats_nor_loses_an_event() async throws {
        // Given tasks taking turns on a semaphore as fast as they can, 200 times each (a bound
        // on the events, so the ring never fills)
        let probe = Probe(program: "test")
        let semaphore = probe.semaphore("db", permits: 2)
        let workers = (1...4).map { number in
            probe.task("worker-\(number)") {
                for _ in 0..<200 { try await semaphore.withPermit { await Task.yield() } }
            }
        }
        // When dashboards attach in the middle of it, one after another, each told the present
        // a few grants after its attach (as a busy probe thread would)
        var dashboards: [InProcessDashboard] = []
        for round in 1...5 {
            // Long deadlines: in the full suite the pool's two threads are shared with every
            // other test, and these workers yield at every permit.
            await eventually(timeout: .seconds(120), "more grants") { semaphore.semaphore.snapshot().totalGrants >= round * 125 }
            dashboards.append(await InProcessDashboard(attachingTo: probe) {
                let grants = semaphore.semaphore.snapshot().totalGrants
                await eventually(timeout: .seconds(120), "grants while attaching") {
                    semaphore.semaphore.snapshot().totalGrants >= min(800, grants + 20)
                }
            })
        }
        for worker in workers { try await worker.value }
        #expect(probe.droppedEvents == 0)
        // Then each one's fold ends where the program did: nothing held, nobody in line, every
        // worker it knew ended once, and its numbers have no gap
        let batch = probe.drainedEvents()
        for var dashboard in dashboards {
            dashboard.read(batch)
            #expect(dashboard.events.map(\.sequence) == Array(1...UInt64(dashboard.events.count)))
            var fold = ResourcesFold()
            var board = TaskStatesFold()
            for event in dashboard.events {
                fold.apply(event)
                try board.apply(event)
                let held = fold.snapshot(at: .start).semaphores.first?.semaphore.held ?? 0
                #expect(held <= 2, "a holder counted twice at \(event.sequence)")
            }
            let end = try #require(fold.snapshot(at: .start).semaphores.first?.semaphore)
            #expect(end.holders.isEmpty)
            #expect(end.waiterCount == 0)
            // (A second end of a task would have thrown: the board would not know it.)
            #expect(board.live.isEmpty)
        }
    }

    @Test func test_a_task_told_live_at_the_attach_ends_once_and_one_ended_before_is_not_told() async throws {
        let probe = Probe(program: "test")
        try await probe.task("gone") {}.value
        let stop = Flag()
        let live = probe.task("live") { await waitFor(stop) }
        await eventually("the live task to run") { probe.registry.liveTaskCount == 1 }
        var dashboard = InProcessDashboard(attachingTo: probe)
        stop.value.store(true, ordering: .relaxed)
        try await live.value
        dashboard.read(probe)
        let kinds = dashboard.events.map(\.kind)
        let gone = TaskID(rawValue: 1), liveID = TaskID(rawValue: 2)
        #expect(!kinds.contains { if case .taskSpawned(gone, _, _, _) = $0 { true } else { false } })
        #expect(kinds.filter { if case .taskSpawned(liveID, _, _, _) = $0 { true } else { false } }.count == 1)
        #expect(kinds.filter { $0 == .taskFinished(task: liveID, state: .completed) }.count == 1)
    }
}

/// Waits, without holding a thread, until `flag` is set.
func waitFor(_ flag: Flag) async {
    while !flag.value.load(ordering: .relaxed) {
        try? await Task.sleep(for: .milliseconds(2))
    }
}

/// A dashboard attached in-process, as the probe's server attaches one: the present told first
/// (numbered from 1), then the ring's events after the attach the present did not say.
struct InProcessDashboard {
    private var present: ProbePresent
    private(set) var events: [SimulationEvent]

    init(attachingTo probe: Probe) {
        self.init(probe, attached: probe.ring.attach())
    }

    /// Attaches, and takes the present only after `meanwhile`: the events recorded between
    /// are both in the ring and in the present, which must say them once.
    init(attachingTo probe: Probe, meanwhile: () async -> Void) async {
        let attached = probe.ring.attach()
        await meanwhile()
        self.init(probe, attached: attached)
    }

    private init(_ probe: Probe, attached: (sequence: UInt64, nanoseconds: Int64)) {
        present = probe.registry.present(attachedAt: attached.sequence, ring: probe.ring)
        events = present.takeTold().map { sequence, told in
            SimulationEvent(sequence: sequence, at: .start, kind: told.kind, resource: told.resource, fields: told.fields)
        }
    }

    mutating func read(_ probe: Probe) { read(probe.drainedEvents()) }

    mutating func read(_ batch: [EventRing.Entry]) {
        for entry in batch where entry.sequence > present.base {
            guard let sequence = present.sequence(of: entry) else { continue }
            events.append(SimulationEvent(sequence: sequence, at: .start, kind: entry.kind, resource: entry.resource, fields: entry.fields))
        }
    }
}
