import AsyncDemoCore
@testable import ConcurrencyProbe
import Foundation
import Glibc
import ProbeClient
import ProbeWire
import Simulation
import Testing
import TestSupport

/// The probe and the client over a real socket, in this process; one test at a time, so the
/// client's count of open sockets in the leak test is this suite's alone.
@Suite(.serialized) struct ProbeSocketTests {
    @Test func test_round_trip_shows_a_semaphores_grant_and_a_queues_enqueue() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "roundtrip", socketFolder: folder.path)
        defer { probe.stop() }
        let path = try #require(probe.socketPath)
        let connection = try await ProbeConnection.connect(to: path)
        #expect(connection.header.program == "roundtrip")
        #expect(connection.header.pid == getpid())
        #expect(connection.header.formatVersion == SimulationEvent.formatVersion)
        // Declared before anything runs: the attach's first events say what exists.
        let semaphore = probe.semaphore("db", permits: 8)
        let queue = probe.queue("jobs", of: Int.self, capacity: 64)
        await eventually("the probe to count the dashboard attached") { probe.ring.isAttached }
        try await probe.task("request") {
            try await semaphore.withPermit {}
            try await queue.send(42)
        }.value
        var seen: [SimulationEvent] = []
        for try await event in connection.events {
            seen.append(event)
            if case .itemEnqueued = event.kind { break }
        }
        connection.close()
        #expect(seen.contains { $0.kind == .permitsResized(permits: 8) && $0.resource == "db" })
        #expect(seen.contains { if case .permitGranted(TaskID(rawValue: 1), _) = $0.kind { $0.resource == "db" } else { false } })
        #expect(seen.contains { $0.kind == .itemEnqueued(item: 1, producer: TaskID(rawValue: 1), depth: 1) && $0.resource == "jobs" })
        #expect(seen.first?.sequence == 1)
    }

    @Test func test_a_connection_dropped_without_close_ends_and_detaches() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "dropped", socketFolder: folder.path)
        defer { probe.stop() }
        let path = try #require(probe.socketPath)
        var connection: ProbeConnection? = try await ProbeConnection.connect(to: path)
        #expect(probe.ring.isAttached)
        #expect(connection?.header.program == "dropped")
        connection = nil
        await eventually("the probe to see the dashboard gone") { !probe.ring.isAttached }
        await eventually("the client's socket to be closed") { ProbeConnection.openSockets.load(ordering: .relaxed) == 0 }
        #expect(socketsBound(to: path) == 1)
    }

    @Test func test_the_streams_time_starts_at_the_attach() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "clock", socketFolder: folder.path)
        defer { probe.stop() }
        let semaphore = probe.semaphore("db", permits: 1)
        // Time from the probe's start to the attach, which a stream timed from the start would show.
        try await Task.sleep(for: .milliseconds(300))
        let asked = ContinuousClock.now
        let connection = try await ProbeConnection.connect(to: #require(probe.socketPath))
        let connected = ContinuousClock.now - asked
        defer { connection.close() }
        var first: SimulationEvent?
        for try await event in connection.events {
            first = event
            break
        }
        #expect(first?.kind == .permitsResized(permits: 1))
        #expect(first?.resource == "db")
        // The declarations are stamped before the header goes out, so within the connect's time.
        #expect(try #require(first).at.sinceStart <= connected)
        _ = semaphore
    }

    @Test func test_a_dashboard_that_stops_reading_never_holds_the_program_and_its_losses_show_as_a_gap() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe(program: "flood", socketFolder: folder.path, ringCapacity: 1024, allowedUser: getuid())
        defer { probe.stop() }
        let client = try UnixSocket.connect(to: #require(probe.socketPath))
        defer { close(client) }
        _ = UnixSocket.sendAll(StreamHandshake.line(StreamHandshake.Hello()), to: client)
        await eventually("the probe to count the dashboard attached") { probe.ring.isAttached }
        // The dashboard reads nothing while the program records far more than the ring, the
        // probe's buffer and the socket's hold: every call returns, and events are dropped.
        let flood = 200_000
        for index in 0..<flood { probe.record(.commandApplied(command: "event \(index)")) }
        #expect(probe.droppedEvents > 0)
        await eventually("the ring to be drained") { probe.ring.isEmpty }
        // The dashboard reads again. Its probe may still hold a full buffer for it, which
        // drops what comes next, so "last" is said until it arrives.
        let last = #"{"commandApplied":{"command":"last"}}"#
        let arrived = Flag()
        let reading = Task {
            defer { arrived.value.store(true, ordering: .releasing) }
            return await receive(from: client) { String(decoding: $0.suffix(1 << 17), as: UTF8.self).contains(last) }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while !arrived.value.load(ordering: .acquiring), ContinuousClock.now < deadline {
            probe.record(.commandApplied(command: "last"))
            try await Task.sleep(for: .milliseconds(5))
        }
        var parser = ProbeStreamParser()
        let fed = parser.feed(await reading.value)
        #expect(fed.failure == nil)
        let events = fed.items.compactMap { item -> SimulationEvent? in if case .event(let event) = item { event } else { nil } }
        let first = try #require(events.firstIndex { $0.kind == .commandApplied(command: "last") })
        // Every event before "last" either came or is missing from the numbering.
        let total = events[first].sequence
        #expect(total > UInt64(flood))
        #expect(UInt64(first + 1) < total, "no event was missing: the dashboard did not fall behind")
        #expect(events[...first].map(\.sequence) == events[...first].map(\.sequence).sorted())
    }

    @Test func test_the_probes_thread_is_named_for_top_and_gdb() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "named", socketFolder: folder.path)
        defer { probe.stop() }
        await eventually("a thread of the process to be named asyncdemo-probe") {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            return tasks.contains { (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8)) == "asyncdemo-probe\n" }
        }
    }

    @Test func test_a_dashboard_gone_mid_stream_leaves_the_program_running_and_the_next_one_attaches() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "survivor", socketFolder: folder.path)
        defer { probe.stop() }
        let path = try #require(probe.socketPath)
        let client = try UnixSocket.connect(to: path)
        _ = UnixSocket.sendAll(StreamHandshake.line(StreamHandshake.Hello()), to: client)
        await eventually("the probe to count the dashboard attached") { probe.ring.isAttached }
        for index in 0..<50_000 { probe.record(.commandApplied(command: "event \(index)")) }
        // Gone without reading: the probe's next sends fail (EPIPE, never SIGPIPE).
        close(client)
        for index in 0..<50_000 { probe.record(.commandApplied(command: "event \(index)")) }
        await eventually("the probe to see the dashboard gone") { !probe.ring.isAttached }
        let next = try await ProbeConnection.connect(to: path)
        defer { next.close() }
        #expect(next.header.program == "survivor")
    }

    @Test func test_a_cancel_from_the_dashboard_ends_a_tracked_task_and_a_span_says_why_not() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "cancels", socketFolder: folder.path)
        defer { probe.stop() }
        let connection = try await ProbeConnection.connect(to: #require(probe.socketPath))
        defer { connection.close() }
        let sleeper = probe.task("sleeper") { try await Task.sleep(for: .seconds(600)) }
        let span = probe.tracer.startSpan("GET /", context: .topLevel, ofKind: .server)
        defer { span.end() }
        var asked = false
        var answers: [SimulationEvent.Kind] = []
        for try await event in connection.events {
            if case .taskStateChanged(task: TaskID(rawValue: 1), state: .running) = event.kind, !asked {
                asked = true
                #expect(connection.cancel(TaskID(rawValue: 1)))
                #expect(connection.cancel(span.task))
            }
            if case .taskFinished = event.kind { answers.append(event.kind) }
            if case .logLine = event.kind { answers.append(event.kind) }
            if answers.count == 2 { break }
        }
        #expect(answers.contains(.taskFinished(task: TaskID(rawValue: 1), state: .cancelled)))
        #expect(answers.contains(.logLine(level: "warning", message: "#2 cannot be cancelled: it is a span or it has ended")))
        _ = await sleeper.result
    }

    @Test func test_a_captured_stream_is_a_recording_replay_and_trace_read() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "captured", socketFolder: folder.path)
        defer { probe.stop() }
        let client = try UnixSocket.connect(to: #require(probe.socketPath))
        defer { close(client) }
        #expect(UnixSocket.sendAll(StreamHandshake.line(StreamHandshake.Hello()), to: client))
        await eventually("the probe to count the dashboard attached") { probe.ring.isAttached }
        try await probe.task("job") { try await probe.semaphore("db", permits: 2).withPermit {} }.value
        let bytes = await receive(from: client) { $0.filter { $0 == 10 }.count >= 1 + 7 }
        let file = folder.path + "/captured.jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let recording = try RecordingReader.read(path: file)
        #expect(recording.stop == nil)
        #expect(recording.header.program == "captured")
        #expect(recording.events.count == 7)
        #expect(recording.events.contains { $0.kind == .permitReleased(task: TaskID(rawValue: 1)) })
    }

    @Test func test_the_probe_refuses_a_dashboard_that_reads_only_an_older_format() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "newer", socketFolder: folder.path)
        defer { probe.stop() }
        let path = try #require(probe.socketPath)
        let error = await #expect(throws: ProbeStreamFailure.self) {
            _ = try await ProbeConnection.connect(to: path, reads: SimulationEvent.formatVersion - 1)
        }
        #expect(error?.description == "the program refused: this program streams format version \(SimulationEvent.formatVersion); the dashboard reads \(SimulationEvent.formatVersion - 1) and older: connection closed")
        #expect(!probe.ring.isAttached)
    }

    @Test func test_the_client_refuses_a_stream_of_a_newer_format_in_one_line() async throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/1-fake.sock"
        let listening = try UnixSocket.listen(at: path)
        defer { close(listening) }
        // A fake probe of a newer version on a thread of its own: accept, read the hello, answer.
        let server = Thread {
            let peer = accept(listening, nil, nil)
            guard peer >= 0 else { return }
            var hello = [UInt8](repeating: 0, count: 256)
            _ = recv(peer, &hello, hello.count, 0)
            _ = UnixSocket.sendAll(Array(#"{"format":"asyncdemo-tui recording","formatVersion":2,"programVersion":"9","start":{"permits":0,"queueCapacity":0}}"#.utf8) + [10], to: peer)
            close(peer)
        }
        server.start()
        let error = await #expect(throws: ProbeStreamFailure.self) { _ = try await ProbeConnection.connect(to: path) }
        #expect(error?.description == "the program streams format version 2; this asyncdemo-tui reads format version 1 and older: connection closed")
    }

    @Test func test_another_users_dashboard_is_refused() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe(program: "private", socketFolder: folder.path, ringCapacity: 64, allowedUser: getuid() &+ 1)
        defer { probe.stop() }
        let error = await #expect(throws: ProbeStreamFailure.self) { _ = try await ProbeConnection.connect(to: #require(probe.socketPath)) }
        #expect(error?.description == "the program refused: this program's probe accepts only its own user's dashboard: connection closed")
        #expect(!probe.ring.isAttached)
    }

    @Test func test_the_socket_is_the_users_alone_and_removed_at_stop() throws {
        let folder = TemporaryFolder()
        let socketFolder = folder.path + "/sockets"
        let probe = try Probe.start(program: "modes", socketFolder: socketFolder)
        let path = try #require(probe.socketPath)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(socketFolder, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(ProbeConnection.attachablePrograms(in: socketFolder).map(\.pid) == [getpid()])
        #expect(ProbeConnection.attachablePrograms(in: socketFolder).map(\.program) == ["modes"])
        probe.stop()
        #expect(access(path, F_OK) != 0)
    }

    @Test func test_a_socket_left_by_a_crashed_program_is_removed() throws {
        let folder = TemporaryFolder()
        // A crashed process leaves its socket bound with nothing listening: bind, then close.
        let deadPID: Int32 = 999_999_999
        let stale = ProbeSocketFolder(path: folder.path).socketPath(program: "crashed", pid: deadPID)
        close(try UnixSocket.listen(at: stale))
        #expect(access(stale, F_OK) == 0)
        #expect(ProbeConnection.attachablePrograms(in: folder.path).isEmpty)
        let probe = try Probe.start(program: "next", socketFolder: folder.path)
        defer { probe.stop() }
        #expect(access(stale, F_OK) != 0)
        // And one at the probe's own path (its pid reused) is replaced, not refused.
        probe.stop()
        let own = try #require(probe.socketPath)
        close(try UnixSocket.listen(at: own))
        let again = try Probe.start(program: "next", socketFolder: folder.path)
        defer { again.stop() }
        #expect(UnixSocket.isStale(own) == false)
    }

    @Test func test_a_thousand_attach_and_detach_cycles_leak_no_descriptor() async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "cycles", socketFolder: folder.path)
        defer { probe.stop() }
        let path = try #require(probe.socketPath)
        #expect(socketsBound(to: path) == 1)
        for _ in 0..<1000 {
            let connection = try await ProbeConnection.connect(to: path)
            connection.close()
            for try await _ in connection.events {}
        }
        // The kernel's word for the probe's side; the client counts its own.
        await eventually("the probe to close its side of every connection") { socketsBound(to: path) == 1 }
        await eventually("the client to close its side of every connection") { ProbeConnection.openSockets.load(ordering: .relaxed) == 0 }
        #expect(socketsBound(to: path) == 1)
        #expect(probe.openConnections == 0)
        #expect(!probe.ring.isAttached)
    }

}

/// What the probe does with a dashboard that does not say hello properly (in the serialized
/// suite: its connections would upset the leak test's count).
extension ProbeSocketTests {
    @Test(arguments: [
        ("garbage\n", "the first line is not an asyncdemo-tui hello: connection closed"),
        (#"{"hello":"other","reads":1}"# + "\n", "the first line is not an asyncdemo-tui hello: connection closed"),
        (String(repeating: "y", count: 5000), "the first line is longer than 1024 bytes: not a hello; connection closed"),
    ])
    func test_a_bad_hello_gets_one_line_and_the_probe_serves_the_next_dashboard(hello: String, answer: String) async throws {
        let folder = TemporaryFolder()
        let probe = try Probe.start(program: "strict", socketFolder: folder.path)
        defer { probe.stop() }
        let path = try #require(probe.socketPath)
        let client = try UnixSocket.connect(to: path)
        defer { close(client) }
        _ = UnixSocket.sendAll(Array(hello.utf8), to: client)
        let reply = await receive(from: client) { _ in false }
        #expect(String(decoding: reply, as: UTF8.self) == #"{"refused":"\#(answer)"}"# + "\n")
        let next = try await ProbeConnection.connect(to: path)
        #expect(next.header.program == "strict")
        next.close()
    }
}
