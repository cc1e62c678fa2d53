import AsyncDemoCore
import Dashboard
import Foundation
import ProbeClient
import TerminalKit
import Testing
import TestSupport

/// A burst of 200,000 events of a busy program (spans, a contended semaphore, a queue that fills
/// and empties, log lines, dropped events) written as the probe writes them, read by the stream
/// parser in seeded pieces and folded in batches as an attach does, ends in the state that
/// folding the same events one at a time gives, and in the one the program itself was in.
@Suite struct AttachBurstTests {
    static let eventCount = 200_000

    @Test func test_a_burst_read_in_pieces_and_folded_in_batches_ends_as_folding_one_by_one() async throws {
        let program = await onAThread { BusyProgram.run(events: Self.eventCount, seed: 0xB0257) }
        let batches = await onAThread { Self.parsedBatches(of: program.events, seed: 0x15) }
        #expect(batches.flatMap { $0 }.count == program.events.count)
        #expect(batches.count > 100)

        let attachedAt = ContinuousClock.now
        let (oneByOne, sink) = AsyncThrowingStream.makeStream(of: SimulationEvent.self, throwing: (any Error).self)
        for event in program.events { sink.yield(event) }
        sink.finish()
        let reference = AttachFeed(Self.source(events: oneByOne), attachedAt: attachedAt)
        await reference.run {}

        let (batched, batchSink) = AsyncThrowingStream.makeStream(of: [SimulationEvent].self, throwing: (any Error).self)
        for batch in batches { batchSink.yield(batch) }
        batchSink.finish()
        let feed = AttachFeed(Self.source(eventBatches: batched), attachedAt: attachedAt)
        await feed.run {}

        #expect(feed.eventsFolded == program.events.count)
        #expect(program.events.count >= Self.eventCount)
        // At the last event's instant: the stream's end is stamped with the real time it ended,
        // which differs between the two feeds.
        let later = attachedAt
        let (frame, attachment) = feed.frame(at: later)
        let (referenceFrame, referenceAttachment) = reference.frame(at: later)
        #expect(attachment == referenceAttachment)
        #expect(frame.sequence == referenceFrame.sequence)
        #expect(frame.tasks.liveCount == referenceFrame.tasks.liveCount)

        // What the program was in at the end: its live spans, the semaphore's holders and line,
        // the queue's depth and its blocked producers.
        #expect(frame.sequence == program.lastSequence)
        #expect(frame.tasks.liveCount == program.live.count)
        let database = try #require(frame.resources.semaphores.first { $0.name == "db" }?.semaphore)
        #expect(Set(database.holders) == program.holders)
        #expect(database.waiters.map(\.owner) == program.waiters.map(Optional.some))
        let jobs = try #require(frame.resources.queues.first { $0.name == "jobs" })
        #expect(jobs.depth == program.depth)
        #expect(jobs.queue.blockedSenders == program.blockedProducers.count)

        let size = Size(width: 200, height: 60)
        var model = DashboardModel.attached(to: feed, size: size)
        model.show(feed, at: later)
        var referenceModel = DashboardModel.attached(to: reference, size: size)
        referenceModel.show(reference, at: later)
        #expect(DashboardView.render(model, theme: .monochrome).textLines() == DashboardView.render(referenceModel, theme: .monochrome).textLines())
    }

    static func source(events: AsyncThrowingStream<SimulationEvent, any Error>) -> AttachSource {
        AttachSource(program: "burst", pid: 15, events: events, droppedEvents: { 0 }, cancel: { _ in false }, close: {})
    }

    static func source(eventBatches: AsyncThrowingStream<[SimulationEvent], any Error>) -> AttachSource {
        AttachSource(program: "burst", pid: 15, eventBatches: eventBatches, droppedEvents: { 0 }, cancel: { _ in false }, close: {})
    }

    /// The events as the probe writes them, fed to the parser in pieces of 1 byte to 64 KiB; a
    /// batch is what one piece gave, as the connection hands one over per read.
    static func parsedBatches(of events: [SimulationEvent], seed: UInt64) -> [[SimulationEvent]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var stream = Array(#"{"format":"asyncdemo-tui recording","formatVersion":1,"pid":15,"program":"burst","programVersion":"0.1.0","start":{"permits":0,"queueCapacity":0}}"#.utf8) + [10]
        for event in events { stream += try! encoder.encode(event) + [10] }
        var random = SeededRandom(seed: seed)
        var parser = ProbeStreamParser()
        var batches: [[SimulationEvent]] = []
        var offset = 0
        while offset < stream.count {
            let size = min(stream.count - offset, Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 1...64, using: &random) : Int.random(in: 1...65_536, using: &random))
            let fed = parser.feed(stream[offset..<offset + size])
            precondition(fed.failure == nil, "\(fed.failure!)")
            let batch = fed.items.compactMap { if case .event(let event) = $0 { event } else { nil } }
            if !batch.isEmpty { batches.append(batch) }
            offset += size
        }
        return batches
    }
}

/// A seeded program's events and where it was at the end: spans start and end (completed,
/// failed, cancelled), take permits of `db` (4), wait in its line, are granted in turn, give up
/// waiting; a producer fills `jobs` (16) until it blocks and a consumer empties it; log lines
/// with fields; now and then an event the probe dropped (a gap in the sequence numbers).
struct BusyProgram {
    var random: SeededRandom
    var events: [SimulationEvent] = []
    var lastSequence: UInt64 = 0
    var nanoseconds: Int64 = 0
    var nextTask: UInt64 = 10
    var live: [TaskID] = []
    var holders: Set<TaskID> = []
    var waiters: [TaskID] = []
    var depth = 0
    var item = 0
    var blockedProducers: [TaskID] = []
    /// Holders, waiters and blocked producers.
    var busy: Set<TaskID> = []
    static let permits = 4, capacity = 16

    /// The events and the program's state after the last of them.
    struct Ending: Sendable {
        let events: [SimulationEvent]
        let lastSequence: UInt64
        let live: [TaskID]
        let holders: Set<TaskID>
        let waiters: [TaskID]
        let depth: Int
        let blockedProducers: [TaskID]
    }

    static func run(events count: Int, seed: UInt64) -> Ending {
        var program = BusyProgram(random: SeededRandom(seed: seed))
        program.emit(.permitsResized(permits: permits), resource: "db")
        program.emit(.queueResized(capacity: capacity), resource: "jobs")
        while program.events.count < count { program.step() }
        return Ending(events: program.events, lastSequence: program.lastSequence, live: program.live, holders: program.holders,
                      waiters: program.waiters, depth: program.depth, blockedProducers: program.blockedProducers)
    }

    mutating func emit(_ kind: SimulationEvent.Kind, resource: String? = nil, fields: [String: String]? = nil) {
        // A dropped event is one the fold never sees, so the program's own state skips it too:
        // only events whose effect is counted elsewhere (log lines) are dropped.
        if case .logLine = kind, Int.random(in: 0..<50, using: &random) == 0 { lastSequence += 1 }
        lastSequence += 1
        nanoseconds += Int64.random(in: 0...20_000, using: &random)
        events.append(SimulationEvent(sequence: lastSequence, at: SimulationInstant(sinceStart: .nanoseconds(nanoseconds)),
                                      kind: kind, resource: resource, fields: fields))
    }

    mutating func step() {
        // A live task that holds, waits for or is blocked on nothing, if the one drawn is.
        let drawn = live.randomElement(using: &random)
        let idle = drawn.map { busy.contains($0) ? [] : [$0] } ?? []
        switch Int.random(in: 0..<10, using: &random) {
        case 0...1 where live.count < 400:
            let task = TaskID(rawValue: nextTask)
            nextTask += 1
            emit(.taskSpawned(task: task, name: "GET /orders/\(nextTask % 97)", kind: "span.server", parent: live.randomElement(using: &random)))
            emit(.taskStateChanged(task: task, state: .running))
            live.append(task)
        case 2 where !idle.isEmpty:
            let task = idle.randomElement(using: &random)!
            let ending: [TaskState] = [.completed, .completed, .failed("timed out \"db\""), .cancelled]
            emit(.taskFinished(task: task, state: ending.randomElement(using: &random)!), fields: ["http.status": "200"])
            live.removeAll { $0 == task }
        case 3 where !idle.isEmpty:
            let task = idle.randomElement(using: &random)!
            emit(.permitRequested(task: task), resource: "db")
            busy.insert(task)
            if holders.count < Self.permits {
                holders.insert(task)
                emit(.permitGranted(task: task, waitedNanoseconds: 0), resource: "db")
            } else {
                waiters.append(task)
                emit(.taskStateChanged(task: task, state: .waiting(.semaphore)))
            }
        case 4 where !holders.isEmpty:
            let task = holders.randomElement(using: &random)!
            holders.remove(task)
            busy.remove(task)
            emit(.permitReleased(task: task), resource: "db")
            if !waiters.isEmpty {
                let next = waiters.removeFirst()
                holders.insert(next)
                busy.insert(next)
                emit(.permitGranted(task: next, waitedNanoseconds: Int64.random(in: 1...9_000_000, using: &random)), resource: "db")
                emit(.taskStateChanged(task: next, state: .running))
            }
        case 5 where !waiters.isEmpty:
            let task = waiters.remove(at: Int.random(in: 0..<waiters.count, using: &random))
            busy.remove(task)
            emit(.permitRequestCancelled(task: task), resource: "db")
            emit(.taskStateChanged(task: task, state: .running))
        case 6 where !idle.isEmpty:
            let task = idle.randomElement(using: &random)!
            if depth < Self.capacity {
                item += 1
                depth += 1
                emit(.itemEnqueued(item: item, producer: task, depth: depth), resource: "jobs")
            } else {
                blockedProducers.append(task)
                busy.insert(task)
                emit(.producerBlocked(task: task), resource: "jobs")
                emit(.taskStateChanged(task: task, state: .waiting(.queueFull)))
            }
        case 7 where depth > 0:
            let consumer = live.randomElement(using: &random) ?? TaskID(rawValue: 0)
            depth -= 1
            emit(.itemDequeued(item: item - depth, consumer: consumer, depth: depth), resource: "jobs")
            if !blockedProducers.isEmpty {
                let producer = blockedProducers.removeFirst()
                busy.remove(producer)
                item += 1
                depth += 1
                emit(.producerUnblocked(task: producer), resource: "jobs")
                emit(.itemEnqueued(item: item, producer: producer, depth: depth), resource: "jobs")
                emit(.taskStateChanged(task: producer, state: .running))
            }
        default:
            let task = live.randomElement(using: &random)
            emit(.logLine(level: "info", message: "query rows=\(Int.random(in: 0...50, using: &random)) é"),
                 fields: task.map { ["task": String($0.rawValue), "logger": "shop"] } ?? ["logger": "shop"])
        }
    }
}

/// Runs `body` on a thread of its own: seconds of CPU that must not hold one of the two
/// threads of Swift's pool, which the tests running beside this one need.
func onAThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { (done: CheckedContinuation<Result, Never>) in
        Thread { done.resume(returning: body()) }.start()
    }
}
