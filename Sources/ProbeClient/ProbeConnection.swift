import AsyncDemoCore
import Foundation
import Glibc
import Locking
import ProbeWire
import Simulation
import Synchronization

/// The dashboard's end of a probe's socket: connects, says hello, reads the header, then
/// yields the program's events as they come. Everything that blocks (connect, the reads) runs
/// on a thread of the connection's own, never on a task. The events come in batches, one a read
/// of the socket (a busy program's hundreds at once, not one hop each); `bufferedReads` batches
/// are buffered (4 MiB of stream, as much as the probe holds for a dashboard), and past that the
/// thread stops reading until the reader takes one. Nothing is dropped here: a slow reader holds
/// the socket back, so the probe drops what it cannot send, counts it, and tells the present
/// again once the reader has caught up (`presentRetold`).
///
///     let connection = try await ProbeConnection.connect(to: path)
///     for try await batch in connection.eventBatches { ... }   // or: for try await event in connection.events
public final class ProbeConnection: Sendable {
    public static let bufferedReads = 64
    /// The most one read of the socket takes: a batch is what one read brings.
    public static let readSize = 1 << 16
    /// Sockets the connections of this process hold open now (for the leak test: the process's
    /// own descriptor count moves with whatever else runs in it).
    package static let openSockets = Atomic<Int>(0)

    /// The stream's first line: format version, program name and pid.
    public let header: RecordingHeader
    /// The program's events in sequence order, a batch a read; finishes when the program
    /// closes the connection, and throws the one line that says why when the stream is not readable.
    public let eventBatches: ProbeEventBatches
    /// The same events one by one.
    public var events: ProbeEvents { ProbeEvents(batches: eventBatches) }
    private let counts: Counts

    /// The reading thread's socket and counts, shared with the connection.
    private final class Counts: Sendable {
        let droppedByProbe = Atomic<UInt64>(0)
        let received = Atomic<Int>(0)
        /// The reading thread waits for the reader to take a batch (for tests that stall one).
        let heldBack = Atomic<Bool>(false)
        /// Closed from this side: the reading thread stops, though a shut socket still gives back
        /// what was queued in it (each read of which would wait for room nobody makes).
        let closed = Atomic<Bool>(false)
        /// Batches the reader may be behind by: the reading thread waits for room (never a task).
        /// Made at 0 and signalled up: libdispatch traps when a semaphore is freed below the value
        /// it was made with, as this one is whenever the connection ends with batches unread.
        let room: DispatchSemaphore = {
            let room = DispatchSemaphore(value: 0)
            for _ in 0..<ProbeConnection.bufferedReads { room.signal() }
            return room
        }()
        /// The socket until the reading thread closes it: shut down only while it is still
        /// this socket, never a descriptor number the process has since reused.
        let descriptor = LockedState<Int32?>(nil)

        func shutDown() {
            closed.store(true, ordering: .releasing)
            descriptor.withLock { if let open = $0 { shutdown(open, Int32(SHUT_RDWR)) } }
            // A reading thread waiting for room goes on, to find the socket shut.
            room.signal()
        }
    }

    private init(header: RecordingHeader, eventBatches: AsyncThrowingStream<[SimulationEvent], any Error>, counts: Counts) {
        self.header = header
        self.eventBatches = ProbeEventBatches(batches: eventBatches, room: counts.room)
        self.counts = counts
    }

    /// Whether the connection's reading thread has ended and closed its socket, readable after the
    /// connection itself is gone (for the leak tests).
    package var readerHasEnded: @Sendable () -> Bool { { [counts] in counts.descriptor.withLock { $0 == nil } } }

    /// Whether the reading thread is waiting for the reader to take a batch: the socket is held back.
    package var isHeldBack: Bool { counts.heldBack.load(ordering: .relaxed) }

    /// Events read off the socket so far; beside what the reader has taken, how far behind it is.
    public var eventsReceived: Int { counts.received.load(ordering: .relaxed) }

    /// Events lost on the way: dropped by the probe, seen as gaps in the sequence numbers.
    public var droppedEvents: UInt64 { counts.droppedByProbe.load(ordering: .relaxed) }

    /// Ends the connection; the events finish. The descriptor is closed by the reading thread.
    public func close() {
        counts.shutDown()
    }

    /// Asks the program to cancel a task it runs through `Probe.task`; the task's end comes back
    /// as an event. For a span, or a task that has ended, a warning log line comes back instead.
    /// False if the connection is closed, or so far behind that the line would have to wait.
    @discardableResult
    public func cancel(_ task: TaskID) -> Bool {
        let line = StreamHandshake.line(StreamHandshake.Command(cancel: task.rawValue))
        return counts.descriptor.withLock { descriptor in
            // Not waiting: a short line into a socket whose buffer the probe drains.
            guard let descriptor else { return false }
            return line.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) == $0.count }
        }
    }

    /// Connects to the probe listening at `path`.
    /// - Throws: `ProbeStreamFailure`, one line: no such socket, refused, not a probe's stream.
    public static func connect(to path: String, reads: Int = SimulationEvent.formatVersion) async throws(ProbeStreamFailure) -> ProbeConnection {
        let (events, sink) = AsyncThrowingStream.makeStream(of: [SimulationEvent].self, throwing: (any Error).self,
                                                             bufferingPolicy: .bufferingOldest(bufferedReads))
        let counts = Counts()
        let outcome = Outcome(nil)
        await withCheckedContinuation { (opened: CheckedContinuation<Void, Never>) in
            let handover = Handover((events, opened, outcome))
            NamedThread.start("probe-reader") {
                read(path: path, reads: reads, counts: counts, sink: sink, handover: handover)
            }
        }
        // Read through the lock the thread wrote it under: ThreadSanitizer sees a mutex order
        // the connection's fields, made on the reading thread, but not a continuation's resume.
        guard let result = outcome.withLock({ $0 }) else { preconditionFailure("resumed without an outcome") }
        return try result.get()
    }

    /// What the reading thread hands over once, the connection or why there is none; taken out
    /// then, so the thread holds no reference to the connection or its stream: dropping the
    /// connection shuts the socket down (`deinit`) and ends the thread.
    private typealias Outcome = LockedState<Result<ProbeConnection, ProbeStreamFailure>?>
    private typealias Handover = LockedState<(AsyncThrowingStream<[SimulationEvent], any Error>, CheckedContinuation<Void, Never>, Outcome)?>

    deinit {
        counts.shutDown()
    }

    private static func hand(_ handover: Handover, _ made: (AsyncThrowingStream<[SimulationEvent], any Error>) -> Result<ProbeConnection, ProbeStreamFailure>) {
        guard let (events, opened, outcome) = handover.withLock({ state in defer { state = nil }; return state }) else { return }
        let result = made(events)
        outcome.withLock { $0 = result }
        opened.resume()
    }

    /// On the connection's thread: connects, says hello, hands back the connection once the
    /// header is read, then yields events until the stream ends.
    private static func read(
        path: String, reads: Int, counts: Counts, sink: AsyncThrowingStream<[SimulationEvent], any Error>.Continuation,
        handover: Handover
    ) {
        let descriptor: Int32
        do {
            descriptor = try UnixSocket.connect(to: path)
        } catch {
            sink.finish()
            return hand(handover) { _ in .failure(ProbeStreamFailure(error.description)) }
        }
        counts.descriptor.withLock { $0 = descriptor }
        openSockets.add(1, ordering: .relaxed)
        defer {
            counts.descriptor.withLock { $0 = nil }
            Glibc.close(descriptor)
            openSockets.subtract(1, ordering: .relaxed)
        }
        var parser = ProbeStreamParser(reads: reads)
        var opened = false
        // A failed send is not the end: a probe that refuses at once (another user) has closed
        // already, and its one line waits to be read.
        _ = UnixSocket.sendAll(StreamHandshake.line(StreamHandshake.Hello(reads: reads)), to: descriptor)
        sink.onTermination = { _ in counts.shutDown() }
        var buffer = [UInt8](repeating: 0, count: readSize)
        var failure: ProbeStreamFailure?
        while !counts.closed.load(ordering: .acquiring) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                do { try parser.end() } catch { failure = error }
                break
            }
            let fed = parser.feed(buffer[..<count])
            counts.droppedByProbe.store(parser.droppedEvents, ordering: .relaxed)
            var batch: [SimulationEvent] = []
            batch.reserveCapacity(fed.items.count)
            for item in fed.items {
                switch item {
                case .header(let header):
                    opened = true
                    hand(handover) { .success(ProbeConnection(header: header, eventBatches: $0, counts: counts)) }
                case .event(let event): batch.append(event)
                }
            }
            if !batch.isEmpty {
                // A dedicated thread, so waiting here blocks no task; shutDown() ends the wait.
                if counts.room.wait(timeout: .now()) == .timedOut {
                    counts.heldBack.store(true, ordering: .relaxed)
                    counts.room.wait()
                    counts.heldBack.store(false, ordering: .relaxed)
                    if counts.closed.load(ordering: .acquiring) { break }
                }
                counts.received.add(batch.count, ordering: .relaxed)
                sink.yield(batch)
            }
            if let stopped = fed.failure {
                failure = stopped
                break
            }
        }
        if opened {
            sink.finish(throwing: failure)
        } else {
            sink.finish()
            hand(handover) { _ in .failure(failure ?? ProbeStreamFailure("the program closed the connection before its stream's header")) }
        }
    }
}

/// A connection's events a batch a read, each batch taken making room for the reading thread's next.
public struct ProbeEventBatches: AsyncSequence, Sendable {
    public typealias Element = [SimulationEvent]
    let batches: AsyncThrowingStream<[SimulationEvent], any Error>
    let room: DispatchSemaphore

    public struct AsyncIterator: AsyncIteratorProtocol {
        var batches: AsyncThrowingStream<[SimulationEvent], any Error>.AsyncIterator
        let room: DispatchSemaphore

        public mutating func next() async throws -> [SimulationEvent]? {
            guard let batch = try await batches.next() else { return nil }
            room.signal()
            return batch
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(batches: batches.makeAsyncIterator(), room: room) }
}

/// A connection's events one by one, from its batches.
public struct ProbeEvents: AsyncSequence, Sendable {
    public typealias Element = SimulationEvent
    let batches: ProbeEventBatches

    public struct AsyncIterator: AsyncIteratorProtocol {
        var batches: ProbeEventBatches.AsyncIterator
        var batch: [SimulationEvent] = []
        var next = 0

        public mutating func next() async throws -> SimulationEvent? {
            while next == batch.count {
                guard let more = try await batches.next() else { return nil }
                (batch, next) = (more, 0)
            }
            defer { next += 1 }
            return batch[next]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(batches: batches.makeAsyncIterator()) }
}
