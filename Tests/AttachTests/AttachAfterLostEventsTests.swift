import AsyncDemoCore
@testable import ConcurrencyProbe
import Dashboard
import Glibc
import Locking
import ProbeClient
import Simulation
import Synchronization
import Testing
import TestSupport

/// A dashboard that falls behind loses events, and a lost release would leave its holder held
/// for good: once it has caught up, the probe tells the present again (`presentRetold`), and the
/// dashboard shows the program as it is, not as the events it happened to keep add up to.
@Suite("The dashboard after lost events", .timeLimit(.minutes(3)))
struct AttachAfterLostEventsTests {
    @Test func test_after_lost_events_the_dashboard_shows_the_holders_and_live_tasks_as_they_are() async throws {
        // Given a program whose dashboard saw "first" take the db's permit, then read nothing
        // while the program recorded far more than the probe's buffer, the socket and the
        // connection's own hold, until the probe dropped events for it
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let probe = try Probe(program: "lossy", socketFolder: scratch.path, ringCapacity: 1024, allowedUser: getuid())
        defer { probe.stop() }
        let semaphore = probe.semaphore("db", permits: 2)
        let connection = try await ProbeConnection.connect(to: try #require(probe.socketPath))
        defer { connection.close() }
        let (releaseFirst, stopSecond) = (Switch(), Switch())
        let first = probe.task("first") { try await semaphore.withPermit { await Self.wait(for: releaseFirst) } }
        await eventually("first to hold the permit") { semaphore.semaphore.snapshot().held == 1 }
        // Until the connection holds the socket back, then until the probe drops for it: from
        // then on nothing drains, so every event after is dropped, not just slow.
        var dropsOnceHeldBack: UInt64?
        try await Self.flood(probe, "the probe never dropped an event for the stalled dashboard") {
            if dropsOnceHeldBack == nil, connection.isHeldBack { dropsOnceHeldBack = probe.droppedForSlowDashboards }
            return dropsOnceHeldBack.map { probe.droppedForSlowDashboards > $0 } ?? false
        }
        // While it reads nothing, so its events are dropped, first gives the permit back and
        // ends, and second takes it
        releaseFirst.turnOn()
        _ = try await first.value
        let second = probe.task("second") { try await semaphore.withPermit { await Self.wait(for: stopSecond) } }
        defer { stopSecond.turnOn() }
        await eventually("second to hold the permit") { semaphore.semaphore.snapshot().held == 1 }

        // When the dashboard reads again
        let seen = LockedState<[SimulationEvent]>([])
        let feed = Self.feed(of: connection, program: "lossy") { event in seen.withLock { $0.append(event) } }
        let reading = Task { await feed.run {} }
        defer { reading.cancel() }

        // Then, once caught up, it shows second holding the permit and first no longer live
        let (firstID, secondID) = (TaskID(rawValue: 1), TaskID(rawValue: 2))
        await eventually(timeout: .seconds(60), "the dashboard to show second holding the permit") {
            let frame = feed.frame(at: .now).0
            return frame.resources.semaphores.first?.semaphore.holders == [secondID] && frame.tasks.liveTask(firstID) == nil
        }
        // (The tap hears a batch after it is folded: once it has heard a line written after, it
        // has heard everything before.)
        probe.record(.commandApplied(command: "end"))
        await eventually("the tap to hear the line written last") {
            seen.withLock { $0.contains { $0.kind == .commandApplied(command: "end") } }
        }
        let frame = feed.frame(at: .now).0
        #expect(connection.droppedEvents > 0, "no event was lost: the dashboard did not fall behind")
        #expect(frame.resources.semaphores.first?.semaphore.waiters.isEmpty == true)
        #expect(frame.tasks.liveTask(secondID)?.state == .waiting(.semaphore) || frame.tasks.liveTask(secondID)?.state == .running)
        // And the present told again came whole, numbered on from the stream's last number
        let events = seen.withLock { $0 }
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted())
        let marker = try #require(events.lastIndex { if case .presentRetold = $0.kind { true } else { false } })
        guard case .presentRetold(let count) = events[marker].kind else { return }
        let told = events[(marker + 1)...].prefix(count)
        #expect(told.count == count)
        #expect(told.map(\.sequence) == Array(events[marker].sequence + 1...events[marker].sequence + UInt64(count)))
        #expect(told.contains { if case .permitGranted(secondID, _) = $0.kind { $0.resource == "db" } else { false } })
        #expect(!told.contains { if case .taskSpawned(firstID, _, _, _) = $0.kind { true } else { false } })
        stopSecond.turnOn()
        _ = try await second.value
    }

    @Test func test_a_release_the_ring_dropped_at_the_end_of_a_burst_is_shown_released_and_counted() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        // A ring of 4: full within microseconds of a burst, drained every 10 ms
        let probe = try Probe(program: "tail", socketFolder: scratch.path, ringCapacity: 4, allowedUser: getuid())
        defer { probe.stop() }
        let semaphore = probe.semaphore("db", permits: 1)
        let connection = try await ProbeConnection.connect(to: try #require(probe.socketPath))
        defer { connection.close() }
        let feed = Self.feed(of: connection, program: "tail")
        let reading = Task { await feed.run {} }
        defer { reading.cancel() }
        // Given a task that takes the permit, records a burst, gives the permit back and ends,
        // and then a program that records nothing more: no event after the ones dropped
        let burst = Switch()
        let first = probe.task("first") {
            try await semaphore.withPermit {
                await Self.wait(for: burst)
                for _ in 0..<2_000 { probe.record(.commandApplied(command: "burst")) }
            }
        }
        await eventually("the dashboard to show first holding the permit") {
            feed.frame(at: .now).0.resources.semaphores.first?.semaphore.holders == [TaskID(rawValue: 1)]
        }
        burst.turnOn()
        _ = try await first.value
        // Then the dashboard shows the permit free and the task gone, and counts the loss
        await eventually(timeout: .seconds(30), "the dashboard to show the permit free") {
            let frame = feed.frame(at: .now).0
            return frame.resources.semaphores.first?.semaphore.holders == [] && frame.tasks.liveTask(TaskID(rawValue: 1)) == nil
        }
        #expect(probe.droppedEvents > 0)
        #expect(connection.droppedEvents > 0)
    }

    /// The dashboard's feed of `connection`, as `attach` makes it.
    static func feed(of connection: ProbeConnection, program: String,
                     tap: (@Sendable (SimulationEvent) -> Void)? = nil) -> AttachFeed {
        AttachFeed(
            AttachSource(program: program, pid: getpid(), eventBatches: connection.eventBatches,
                         droppedEvents: { connection.droppedEvents }, eventsReceived: { connection.eventsReceived },
                         cancel: { connection.cancel($0) }, close: { connection.close() }),
            tap: tap)
    }

    /// Records long lines, a thousand at a time, paced so the probe's thread moves them from
    /// the ring to a dashboard's buffer, until `isDone` (checked after each thousand).
    static func flood(_ probe: Probe, _ neverDone: String, until isDone: () -> Bool) async throws {
        let long = String(repeating: "x", count: 500)
        for _ in 0..<20_000 {
            for _ in 0..<1_000 { probe.record(.commandApplied(command: long)) }
            if isDone() { return }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw SampleFailure(neverDone)
    }

    private static func wait(for flag: Switch) async {
        while !flag.isOn { try? await Task.sleep(for: .milliseconds(2)) }
    }

    /// Turned on by the test, waited for by a task of the program's.
    final class Switch: Sendable {
        private let on = Atomic<Bool>(false)
        var isOn: Bool { on.load(ordering: .relaxed) }
        func turnOn() { on.store(true, ordering: .relaxed) }
    }
}
