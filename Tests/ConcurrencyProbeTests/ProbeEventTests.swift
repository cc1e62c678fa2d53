import AsyncDemoCore
@testable import ConcurrencyProbe
import Logging
import Testing
import TestSupport
import Tracing

/// What the primitives, tasks, tracer and log handler record, read from the ring in-process.
@Suite struct ProbeEventTests {
    @Test func test_nothing_is_recorded_while_no_dashboard_is_attached() async throws {
        let probe = Probe(program: "test")
        let semaphore = probe.semaphore("db", permits: 1)
        try await semaphore.withPermit {}
        #expect(probe.drainedEvents().isEmpty)
    }

    @Test func test_semaphore_records_request_grant_wait_and_release_of_the_task_holding_it() async throws {
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let semaphore = probe.semaphore("db", permits: 1)
        try await probe.task("first") { try await semaphore.withPermit {} }.value
        let events = probe.drainedEvents()
        #expect(events.map(\.kind) == [
            .permitsResized(permits: 1),
            .taskSpawned(task: TaskID(rawValue: 1), name: "first", kind: "task", parent: nil),
            .taskStateChanged(task: TaskID(rawValue: 1), state: .running),
            .permitRequested(task: TaskID(rawValue: 1)),
            .permitGranted(task: TaskID(rawValue: 1), waitedNanoseconds: 0),
            .permitReleased(task: TaskID(rawValue: 1)),
            .taskFinished(task: TaskID(rawValue: 1), state: .completed),
        ])
        #expect(events.filter { $0.kind.isPermitEvent }.allSatisfy { $0.resource == "db" })
        #expect(events.map(\.sequence) == Array(1...7))
    }

    @Test func test_a_waiter_is_shown_waiting_on_the_semaphore_until_granted() async throws {
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let semaphore = probe.semaphore("db", permits: 1)
        try await semaphore.acquire()
        let waiter = probe.task("waiter") { try await semaphore.withPermit {} }
        await eventually("the waiter to wait") { semaphore.semaphore.snapshot().waiterCount == 1 }
        semaphore.release()
        try await waiter.value
        let kinds = probe.drainedEvents().map(\.kind)
        let waiterID = TaskID(rawValue: 1)
        let wait = try #require(kinds.firstIndex(of: .taskStateChanged(task: waiterID, state: .waiting(.semaphore))))
        let granted = try #require(kinds.firstIndex { if case .permitGranted(waiterID, _) = $0 { true } else { false } })
        #expect(wait < granted)
        #expect(kinds[granted + 1] == .taskStateChanged(task: waiterID, state: .running))
    }

    @Test func test_an_already_cancelled_task_is_refused_a_free_permit_and_the_queue_as_the_core_refuses_it() async throws {
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let semaphore = probe.semaphore("db", permits: 1)
        let queue = probe.queue("jobs", of: Int.self, capacity: 4)
        let attempt = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            let permit = await #expect(throws: CancellationError.self) { try await semaphore.acquire() }
            let sent = await #expect(throws: CancellationError.self) { try await queue.send(1) }
            return permit != nil && sent != nil
        }
        #expect(await attempt.value)
        #expect(semaphore.semaphore.snapshot().held == 0)
        #expect(queue.snapshot().depth == 0)
        #expect(!probe.drainedEvents().contains { $0.kind.isPermitEvent && $0.kind != .permitsResized(permits: 1) })
    }

    @Test func test_queue_records_items_with_depth_and_a_producer_blocked_by_back_pressure() async throws {
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let queue = probe.queue("jobs", of: String.self, capacity: 1)
        try await queue.send("a")
        let blocked = probe.task("producer") { try await queue.send("b") }
        await eventually("the producer to block") { queue.snapshot().blockedSenders == 1 }
        #expect(try await queue.receive() == "a")
        try await blocked.value
        #expect(try await queue.receive() == "b")
        let kinds = probe.drainedEvents().map(\.kind)
        let producer = TaskID(rawValue: 1), none = TaskID(rawValue: 0)
        #expect(kinds.contains(.itemEnqueued(item: 1, producer: none, depth: 1)))
        #expect(kinds.contains(.producerBlocked(task: producer)))
        #expect(kinds.contains(.producerUnblocked(task: producer)))
        #expect(kinds.contains(.itemEnqueued(item: 2, producer: producer, depth: 1)))
        #expect(kinds.contains(.itemDequeued(item: 1, consumer: none, depth: 0)) || kinds.contains(.itemDequeued(item: 1, consumer: none, depth: 1)))
        #expect(kinds.contains { if case .itemDequeued(2, none, 0) = $0 { true } else { false } })
    }

    @Test func test_a_task_ends_failed_with_its_error_or_cancelled() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "broken" } }
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let failing = probe.task("failing") { throw Broken() }
        _ = await failing.result
        let cancelled = probe.task("cancelled") { try await Task.sleep(for: .seconds(600)) }
        cancelled.cancel()
        _ = await cancelled.result
        let kinds = probe.drainedEvents().map(\.kind)
        #expect(kinds.contains(.taskFinished(task: TaskID(rawValue: 1), state: .failed("broken"))))
        #expect(kinds.contains(.taskFinished(task: TaskID(rawValue: 2), state: .cancelled)))
        #expect(probe.registry.liveTaskCount == 0)
    }

    @Test func test_a_span_is_a_task_with_its_parent_attributes_events_error_and_links() async throws {
        struct Timeout: Error, CustomStringConvertible { var description: String { "timed out" } }
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let tracer = probe.tracer
        let other = tracer.startSpan("warm-up", context: .topLevel, ofKind: .internal)
        other.end()
        await tracer.withSpan("GET /users", context: .topLevel, ofKind: .server) { (request: ProbeSpan) async in
            request.attributes["http.method"] = "GET"
            request.addLink(other)
            await tracer.withSpan("db.query", ofKind: .client) { (query: ProbeSpan) async in
                query.addEvent("rows read")
                query.recordError(Timeout())
            }
        }
        let events = probe.drainedEvents()
        let kinds = events.map(\.kind)
        let warmUp = TaskID(rawValue: 1), request = TaskID(rawValue: 2), query = TaskID(rawValue: 3)
        #expect(kinds.contains(.taskSpawned(task: request, name: "GET /users", kind: "span.server", parent: nil)))
        #expect(kinds.contains(.taskSpawned(task: query, name: "db.query", kind: "span.client", parent: request)))
        #expect(kinds.contains(.logLine(level: "info", message: "db.query: rows read")))
        #expect(kinds.contains(.taskFinished(task: query, state: .failed("timed out"))))
        let end = try #require(events.first { $0.kind == .taskFinished(task: request, state: .completed) })
        #expect(end.fields == ["http.method": "GET", "links": String(warmUp.rawValue)])
    }

    @Test func test_a_request_span_is_named_method_and_path_at_once_and_method_and_route_once_routed() async throws {
        // Given a request span started as Hummingbird's TracingMiddleware starts it
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let span = probe.tracer.startSpan("HTTP GET route not found", context: .topLevel, ofKind: .server)
        let task = TaskID(rawValue: 1)
        // Then before any attribute it reads as its method alone, not as a route not found
        #expect(probe.drainedEvents().map(\.kind).first == .taskSpawned(task: task, name: "GET", kind: "span.server", parent: nil))
        // When the middleware sets the request's attributes, then names it for its route
        span.updateAttributes { attributes in
            attributes["http.request.method"] = "GET"
            attributes["url.path"] = "/users/7"
        }
        let afterAttributes = probe.drainedEvents().map(\.kind)
        span.operationName = "/users/:id"
        // Then the board is told each name at once, and a dashboard attaching now meets the last
        #expect(afterAttributes.last == .taskRenamed(task: task, name: "GET /users/7"))
        #expect(probe.drainedEvents().map(\.kind) == [.taskRenamed(task: task, name: "GET /users/:id")])
        var present = probe.registry.present(attachedAt: 0, ring: probe.ring)
        #expect(present.takeTold().map(\.told.kind).contains(
            .taskSpawned(task: task, name: "GET /users/:id", kind: "span.server", parent: nil)))
        // And a rename to the same name says nothing; any other span keeps its own name
        span.operationName = "/users/:id"
        let other = probe.tracer.startSpan("db.query", context: .topLevel, ofKind: .client)
        other.attributes["url.path"] = "/ignored"
        other.operationName = "db.select"
        #expect(probe.drainedEvents().map(\.kind).filter { if case .taskRenamed = $0 { true } else { false } }
            == [.taskRenamed(task: TaskID(rawValue: 2), name: "db.select")])
        span.end()
        other.end()
    }

    @Test func test_a_span_ended_with_no_dashboard_attached_is_no_longer_live_for_a_later_one() async throws {
        // Given a traced request that starts and ends while nobody is attached
        let probe = Probe(program: "test")
        await probe.tracer.withSpan("GET /db", context: .topLevel, ofKind: .server) { (request: ProbeSpan) async in
            request.attributes["http.route"] = "/db"
        }
        // Then a dashboard attaching now is not told of it, and nothing was recorded meanwhile
        #expect(probe.registry.liveTaskCount == 0)
        #expect(probe.drainedEvents().isEmpty)
        // And each span kind is a task kind of its own
        #expect([SpanKind.server, .client, .producer, .consumer, .internal].map(ProbeTracer.taskKind(of:))
            == ["span.server", "span.client", "span.producer", "span.consumer", "span.internal"])
    }

    @Test func test_log_lines_reach_the_probe_beside_the_programs_own_handler() async throws {
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let logger = Logger(label: "app") { label in
            MultiplexLogHandler([SwiftLogNoOpLogHandler(label), probe.logHandler(label: label)])
        }
        try await probe.task("worker") {
            logger.info("started", metadata: ["job": "7"])
        }.value
        let line = try #require(probe.drainedEvents().first { if case .logLine = $0.kind { true } else { false } })
        #expect(line.kind == .logLine(level: "info", message: "started job=7"))
        #expect(line.fields == ["logger": "app", "task": "1"])
    }

    @Test func test_a_full_ring_drops_new_events_counts_them_and_leaves_a_gap_in_the_sequence() async throws {
        let probe = Probe(program: "test", ringCapacity: 4)
        _ = probe.ring.attach()
        for _ in 0..<6 { probe.ring.append(.commandApplied(command: "x")) }
        #expect(probe.droppedEvents == 2)
        #expect(probe.drainedEvents().map(\.sequence) == [1, 2, 3, 4])
        probe.ring.append(.commandApplied(command: "y"))
        #expect(probe.drainedEvents().map(\.sequence) == [7])
    }
}

extension SimulationEvent.Kind {
    var isPermitEvent: Bool {
        switch self {
        case .permitRequested, .permitGranted, .permitReleased, .permitRequestCancelled, .permitsResized: true
        default: false
        }
    }
}
