#if canImport(Glibc)
    import Glibc
#endif
import AsyncDemoCore
import Dashboard
import Foundation
import Locking
import ProbeClient
import Simulation
import TerminalKit

/// Whether the dashboard keeps up with a busy program (issue 15: 100,000 events a second without
/// drops, frame p99 at 200x60 under 4 ms): `attach-load` runs as a child, streaming its mix
/// through the real probe and socket, and this process attaches as `attach` does —
/// `ProbeConnection`, `AttachFeed` folding on a task, and on the main actor at 30 fps the
/// feed's panes through the model's door, rendered at 200x60 and diffed. ops = events folded;
/// the frame figures are per frame in milliseconds (wall and thread CPU), as `render`'s are.
enum AttachWorkload {
    static let size = Size(width: 200, height: 60)
    static let framesPerSecond = 30
    static let targetP99Milliseconds = 4.0
    /// How long the stream may take to bring the last events once the child has sent them.
    static let catchUpLimit: Duration = .seconds(5)

    /// The children: the real probe first, then the hand-written lines of the same requests.
    static let senders = [(mode: "attach-load", prefix: "probe_"), (mode: "attach-lines", prefix: "lines_")]

    static func run() async throws -> BenchResult {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var extra: [String: Double] = ["target_p99_ms": targetP99Milliseconds]
        var folded = 0, seconds = 0.0
        for sender in senders {
            let child = try LoadChild(mode: sender.mode, socketFolder: folder.path)
            let result: (figures: [String: Double], folded: Int, seconds: Double)
            do {
                result = try await attach(to: child)
                await child.end()
            } catch {
                await child.end()
                throw error
            }
            for (key, value) in result.figures { extra[sender.prefix + key] = value }
            folded += result.folded
            seconds += result.seconds
        }
        let capacity = await DashboardCapacity.measure()
        extra.merge([
            "parse_ns_per_event_in_memory": capacity.parseNanoseconds,
            "fold_ns_per_event_in_memory": capacity.foldNanoseconds,
            "events_per_second_dashboard_can_take": 1e9 / (capacity.parseNanoseconds + capacity.foldNanoseconds),
        ]) { $1 }
        return BenchResult(workload: "attach", ops: folded, seconds: seconds, extra: extra)
    }

    private static func attach(to child: LoadChild) async throws -> (figures: [String: Double], folded: Int, seconds: Double) {
        guard let announced = await child.line(within: .seconds(30)), announced.hasPrefix("probe socket ") else {
            throw Failure("\(child.mode) did not say its socket")
        }
        let connection = try await ProbeConnection.connect(to: String(announced.dropFirst("probe socket ".count)))
        let source = AttachSource(
            program: connection.header.program ?? child.mode, pid: connection.header.pid ?? 0, eventBatches: connection.eventBatches,
            droppedEvents: { connection.droppedEvents },
            eventsReceived: { connection.eventsReceived }, cancel: { connection.cancel($0) }, close: { connection.close() })
        let feed = AttachFeed(source)
        let reading = Task { await feed.run {} }
        child.start()
        var outcome: (TimedScreen, Report, Double)?
        let cpu = try await measureWithCPU { outcome = try await frames(of: feed, child: child) }
        connection.close()
        await reading.value
        guard let (screen, report, seconds) = outcome else { throw Failure("no frames") }
        let folded = feed.eventsFolded
        let expected = report.sent + AttachLoad.declaredEvents
        var figures = screen.summary(target: targetP99Milliseconds)
        figures.merge([
            "events_sent": Double(report.sent),
            "events_received": Double(folded),
            "events_missing": Double(expected - folded),
            "dropped_in_probe_ring": Double(report.droppedInRing),
            "dropped_sequence_gaps": Double(connection.droppedEvents),
            "sent_per_second": Double(report.sent) / AttachLoad.duration.seconds,
            "frames": Double(screen.wallMilliseconds.count),
            "live_tasks_at_end": Double(screen.model.tasks?.liveCount ?? 0),
            "dashboard_cpu_percent_of_a_core": 100 * cpu.cpuSeconds / cpu.seconds,
        ]) { $1 }
        return (figures, folded, seconds)
    }

    struct Report {
        var sent: Int
        var droppedInRing: Int
    }

    /// The render loop's part: a frame each 1/30 s while the child sends, then until the stream
    /// has brought everything it said it sent (or `catchUpLimit` passed).
    @MainActor
    static func frames(of feed: AttachFeed, child: LoadChild) async throws -> (TimedScreen, Report, Double) {
        var screen = TimedScreen(model: .attached(to: feed, size: size))
        let started = ContinuousClock.now
        let interval = Duration.seconds(1) / framesPerSecond
        var report: Report?
        var caughtUpBy: ContinuousClock.Instant?
        var frame = 0
        while true {
            frame += 1
            screen.timeFrame {
                $0.show(feed, at: .now)
                _ = $0.update(.tick(DrawTick(uptime: .now - started, framesPerSecond: framesPerSecond)))
            }
            if report == nil, let line = child.takeLine() {
                let words = line.split(separator: " ")
                guard words.count == 4, words[0] == "sent", let sent = Int(words[1]), let dropped = Int(words[3]) else {
                    throw Failure("\(child.mode) said \(line.debugDescription)")
                }
                report = Report(sent: sent, droppedInRing: dropped)
                caughtUpBy = .now + catchUpLimit
            }
            if let report, let caughtUpBy {
                let arrived = feed.eventsFolded + Int(feed.source.droppedEvents())
                if arrived >= report.sent + AttachLoad.declaredEvents || ContinuousClock.now >= caughtUpBy {
                    let seconds = ContinuousClock.now - started
                    return (screen, report, seconds.seconds)
                }
            }
            if ContinuousClock.now - started > AttachLoad.duration * 3 { throw Failure("\(child.mode) never said it was done") }
            // A real wait: the render loop draws at most 30 times a second.
            try await Task.sleep(until: started + interval * frame, clock: .continuous)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// `asyncdemo-bench attach-load` (or `attach-lines`) as a child of this process: its stdout read line by line on a
/// thread of its own, its stdin the go signal (a line) and the stop (closed).
final class LoadChild: Sendable {
    let mode: String
    private let process: Process
    private let input: Pipe
    private let lines = LockedState<[String]>([])

    init(mode: String, socketFolder: String) throws {
        self.mode = mode
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.ownExecutable())
        process.arguments = [mode]
        process.environment = ProcessInfo.processInfo.environment.merging([AttachLoad.socketFolderVariable: socketFolder]) { $1 }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        self.process = process
        self.input = input
        let handle = output.fileHandleForReading
        let lines = lines
        Thread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                pending += chunk
                while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
                    pending = Data(pending[(end + 1)...])
                    lines.withLock { $0.append(line) }
                }
            }
        }.start()
    }

    /// The next line the child said, if one has come.
    func takeLine() -> String? {
        lines.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    /// Waits (polling, real time: the child starts in its own time) for the next line.
    func line(within limit: Duration) async -> String? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, process.isRunning || !lines.withLock({ $0.isEmpty }) {
            if let line = takeLine() { return line }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return takeLine()
    }

    func start() {
        input.fileHandleForWriting.write(Data("go\n".utf8))
    }

    /// Closes its stdin (it exits, removing its socket) and, should it linger, ends it.
    func end() async {
        try? input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { process.terminate() }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    private static func ownExecutable() throws -> String {
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &path, path.count - 1)
        guard count > 0 else { throw AttachWorkload.Failure("cannot find this executable (/proc/self/exe)") }
        return String(decoding: path[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A private folder for the child's socket, removed with what is in it.
struct TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/asyncdemo-bench-attach-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw AttachWorkload.Failure("cannot make a temporary folder") }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// What the dashboard's side can take, apart from the probe's: the load's mix written as the
/// probe writes it, in memory, read by the stream parser in 64 KiB reads and folded in the
/// batches those give, each timed alone (this process's CPU time). Their sum per event bounds
/// the events a second the dashboard keeps up with on one core, whatever the sender does.
enum DashboardCapacity {
    static let events = 200_000

    static func measure() async -> (parseNanoseconds: Double, foldNanoseconds: Double) {
        let stream = encodedMix()
        var parser = ProbeStreamParser()
        var batches: [[SimulationEvent]] = []
        let parse = await measureWithCPU {
            var offset = 0
            while offset < stream.count {
                let end = min(stream.count, offset + ProbeConnection.readSize)
                let fed = parser.feed(stream[offset..<end])
                batches.append(fed.items.compactMap { if case .event(let event) = $0 { event } else { nil } })
                offset = end
            }
        }
        let (sink, feed) = { () -> (AsyncThrowingStream<[SimulationEvent], any Error>.Continuation, AttachFeed) in
            let (batched, sink) = AsyncThrowingStream.makeStream(of: [SimulationEvent].self, throwing: (any Error).self)
            return (sink, AttachFeed(AttachSource(program: "capacity", pid: 0, eventBatches: batched, droppedEvents: { 0 },
                                                  cancel: { _ in false }, close: {})))
        }()
        for batch in batches { sink.yield(batch) }
        sink.finish()
        let fold = await measureWithCPU { await feed.run {} }
        // CPU time: on a busy machine the wall clock counts the waits for a core too.
        return (parse.cpuSeconds * 1e9 / Double(events), fold.cpuSeconds * 1e9 / Double(events))
    }

    /// The load's requests, 9 events each, as `AttachLoad` makes them through the probe.
    static func encodedMix() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array(#"{"format":"asyncdemo-tui recording","formatVersion":1,"pid":1,"program":"capacity","programVersion":"0.1.0","start":{"permits":0,"queueCapacity":0}}"#.utf8) + [10]
        var sequence: UInt64 = 0
        func add(_ kind: SimulationEvent.Kind, resource: String? = nil, fields: [String: String]? = nil) {
            sequence += 1
            let event = SimulationEvent(sequence: sequence, at: SimulationInstant(sinceStart: .microseconds(Int64(sequence) * 10)),
                                        kind: kind, resource: resource, fields: fields)
            bytes += [UInt8]((try? encoder.encode(event)) ?? Data())
            bytes.append(10)
        }
        add(.permitsResized(permits: AttachLoad.liveRequests), resource: "db")
        add(.queueResized(capacity: 64), resource: "jobs")
        var open: [TaskID] = []
        var request = 0
        while sequence < UInt64(events) {
            request += 1
            if open.count == AttachLoad.liveRequests {
                let oldest = open.removeFirst()
                add(.itemDequeued(item: request - AttachLoad.liveRequests, consumer: oldest, depth: AttachLoad.liveRequests - 1), resource: "jobs")
                add(.permitReleased(task: oldest), resource: "db")
                add(.taskFinished(task: oldest, state: .completed))
            }
            let task = TaskID(rawValue: UInt64(request))
            add(.taskSpawned(task: task, name: "GET /orders", kind: "span.server", parent: nil))
            add(.taskStateChanged(task: task, state: .running))
            add(.permitRequested(task: task), resource: "db")
            add(.permitGranted(task: task, waitedNanoseconds: 0), resource: "db")
            add(.logLine(level: "info", message: "query rows=\(request % 50)"), fields: ["logger": "attach-load", "task": "\(request)"])
            add(.itemEnqueued(item: request, producer: task, depth: open.count + 1), resource: "jobs")
            open.append(task)
        }
        return bytes
    }
}
