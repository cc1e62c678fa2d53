import AsyncDemoCore
import Dispatch
import Foundation
import Locking
import LogTail
import Synchronization

/// Writes a run's events to a recording as they happen: the header line at once, then each
/// event of the scenario's event log as one JSON line (`SimulationEvent`'s own encoding).
///
/// Nothing waits for the disk but a private serial queue: `catchUp(_:)` only asks it to read the
/// event log past what it wrote, in batches of `batchEvents`, so memory holds at most one
/// batch however slow the disk. The event log is the buffer, bounded by its capacity; if it
/// drops events before the queue reads them, the file's sequence numbers jump over them (a
/// reader reports the gap) and `RecordingSummary.droppedEvents` counts them.
///
/// A recording is of one run: given a new event log (the run was restarted, its events number
/// from 1 again), it writes what is left of the old one and ends.
///
/// The first write that fails (a full disk, a file size limit) ends the recording: the file is
/// cut back to its last whole line, so it stays a valid recording, and `failures` says so at once.
public final class RecordingWriter: Sendable {
    public static let batchEvents = 4096

    public let path: String
    /// The failure that ended the recording, once; then the stream finishes.
    public let failures: AsyncStream<RecordingFailure>
    private let failureSink: AsyncStream<RecordingFailure>.Continuation
    private let queue = DispatchQueue(label: "recording")
    /// Changed only on `queue`; read from elsewhere for the summary.
    private let writer: LockedState<Writer>
    /// Set while a delayed wake is queued, so a frame rate of pokes queues at most one.
    private let delayedWake = Atomic<Bool>(false)

    private struct Writer {
        /// The run's event log, from the first catch-up on.
        var source: EventLog?
        /// A catch-up named another log: the run was restarted.
        var restarted = false
        /// The newest event a catch-up asked for: what the log held when it asked, so a catch-up
        /// that runs late writes nothing logged after it (a headless run's shutdown).
        var askedThrough: UInt64 = 0
        /// What the last wake of the queue was for, and when.
        var wokenThrough: UInt64 = 0
        var lastWake: ContinuousClock.Instant?
        var descriptor: Int32
        /// The file's length: always the end of a whole line.
        var length: Int
        var recorded: UInt64 = 0
        var eventLines = 0
        var dropped: UInt64 = 0
        var failure: RecordingFailure?
    }

    /// Creates (or empties) the file at `path` and writes `header`; fails with one line saying
    /// why it cannot.
    public init(path: String, header: RecordingHeader) throws(RecordingRefusal) {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RecordingRefusal("cannot create the recording \(ShellQuoting.quoted(path)): \(String(cString: strerror(errno)))")
        }
        var line = (try? Self.encoder().encode(header)).map { [UInt8]($0) } ?? []
        line.append(UInt8(ascii: "\n"))
        let (written, code) = Self.writeAll(line, to: descriptor)
        guard written == line.count else {
            // Not removed: the path may be a device (/dev/full) or a file that was there before.
            close(descriptor)
            throw RecordingRefusal("cannot write the recording \(ShellQuoting.quoted(path)): \(String(cString: strerror(code)))")
        }
        writer = LockedState(Writer(descriptor: descriptor, length: line.count))
        (failures, failureSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    deinit {
        writer.withLock { if $0.descriptor >= 0 { close($0.descriptor) } }
    }

    /// Asks for the events `log` holds so far to be written, and returns at once. The queue is
    /// woken at most every `wakeInterval`, or sooner once `wakeEvents` wait: a wake at every
    /// frame cost more than the writing (the run's 50 events a second) itself. Events held back
    /// so are written by a wake at the interval's end, so a run paused just after them has them.
    public func catchUp(_ log: EventLog) {
        switch take(log, at: ContinuousClock.now) {
        case .none: return
        case .now: queue.async { [self] in drain() }
        case .later:
            guard !delayedWake.exchange(true, ordering: .acquiringAndReleasing) else { return }
            queue.asyncAfter(deadline: .now() + Self.wakeDelay) { [self] in
                delayedWake.store(false, ordering: .releasing)
                drain()
            }
        }
    }

    /// Writes the events `log` holds so far and returns once they are written: for a headless
    /// run, which would otherwise outrun the disk and the event log's capacity.
    public func catchUpAndWait(_ log: EventLog) async {
        _ = take(log, at: nil)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async { [self] in
                drain()
                done.resume()
            }
        }
    }

    public static let wakeInterval: Duration = .milliseconds(250)
    private static let wakeDelay: DispatchTimeInterval = .milliseconds(250)
    public static let wakeEvents: UInt64 = 1024

    private enum Wake { case now, later, none }

    /// When to wake the queue for what `log` holds: now for a new run's log, or for events the
    /// queue was not woken for once enough of them wait or long enough since the last wake
    /// (always, without `now`); later for fewer, sooner; not at all for nothing new.
    private func take(_ log: EventLog, at now: ContinuousClock.Instant?) -> Wake {
        let newest = log.sequence
        return writer.withLock { writer in
            if writer.source == nil { writer.source = log }
            guard writer.source === log else {
                writer.restarted = true
                return .now
            }
            writer.askedThrough = max(writer.askedThrough, newest)
            guard newest > writer.wokenThrough else { return .none }
            if let now, let last = writer.lastWake, now - last < Self.wakeInterval,
               newest - writer.wokenThrough < Self.wakeEvents { return .later }
            writer.wokenThrough = newest
            writer.lastWake = now ?? writer.lastWake
            return .now
        }
    }

    /// The newest sequence number the file holds.
    public var recorded: UInt64 { writer.withLock { $0.recorded } }

    /// Writes what is left (up to event `last`, if given: a headless run's recording ends at
    /// the instant it rendered, before the shutdown's cancellations), closes the file and says
    /// what it holds; for the end of the run.
    public func finish(through last: UInt64 = .max) async -> RecordingSummary {
        await withCheckedContinuation { (done: CheckedContinuation<RecordingSummary, Never>) in
            queue.async { [self] in
                drain(through: last)
                done.resume(returning: closed(failure: nil))
            }
        }
    }

    private func closed(failure: RecordingFailure?) -> RecordingSummary {
        writer.withLock { writer in
            if writer.descriptor >= 0 { close(writer.descriptor) }
            writer.descriptor = -1
            if writer.failure == nil { writer.failure = failure }
            return RecordingSummary(path: path, events: writer.eventLines, droppedEvents: writer.dropped,
                                    failure: writer.failure)
        }
    }

    /// On `queue`: writes the event log past `recorded` (up to `through`, else to what the
    /// catch-ups asked for), a batch at a time; then, if the run was restarted, writes the rest
    /// of the old run's log (it has ended) and ends the recording.
    private func drain(through: UInt64? = nil) {
        let asked = writer.withLock { $0.restarted ? .max : $0.askedThrough }
        if let stopped = writeSource(through: through ?? asked) { return publish(stopped) }
        let restarted = writer.withLock { writer -> RecordingFailure? in
            guard writer.restarted, writer.descriptor >= 0 else { return nil }
            close(writer.descriptor)
            writer.descriptor = -1
            writer.failure = .restart(path: path, lastRecorded: writer.recorded)
            return writer.failure
        }
        if let restarted { publish(restarted) }
    }

    /// The failure that stopped the writing, if one did.
    private func writeSource(through: UInt64) -> RecordingFailure? {
        while true {
            let (source, after, isOpen) = writer.withLock { ($0.source, $0.recorded, $0.descriptor >= 0) }
            guard isOpen, let source, after < through else { return nil }
            let batch = source.events(after: after, limit: Self.batchEvents).prefix { $0.sequence <= through }
            guard let first = batch.first, let last = batch.last else { return nil }
            let lines = Self.lines(of: batch)
            let stopped = writer.withLock { writer -> RecordingFailure? in
                writer.dropped += first.sequence - after - 1
                let (written, code) = Self.writeAll(lines, to: writer.descriptor)
                if written == lines.count {
                    writer.length += written
                    writer.recorded = last.sequence
                    writer.eventLines += batch.count
                    return nil
                }
                return stop(&writer, written: written, of: lines, batch: batch, errorNumber: code)
            }
            if let stopped { return stopped }
        }
    }

    /// After a write that stopped `written` bytes into `lines`: cuts the file back to its last
    /// whole line, so what is left is a valid recording, and ends the recording.
    private func stop(_ writer: inout Writer, written: Int, of lines: [UInt8], batch: ArraySlice<SimulationEvent>,
                      errorNumber: Int32) -> RecordingFailure {
        let whole = lines[..<written].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let wholeLines = lines[..<whole].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        writer.length += whole
        if whole < written { _ = ftruncate(writer.descriptor, off_t(writer.length)) }
        if wholeLines > 0 { writer.recorded = batch[batch.startIndex + wholeLines - 1].sequence }
        writer.eventLines += wholeLines
        close(writer.descriptor)
        writer.descriptor = -1
        let failure = RecordingFailure(path: path, reason: String(cString: strerror(errorNumber)),
                                       lastRecorded: writer.recorded)
        writer.failure = failure
        return failure
    }

    /// Outside the lock: the stream's consumer may run at once.
    private func publish(_ failure: RecordingFailure) {
        failureSink.yield(failure)
        failureSink.finish()
    }

    /// Keys in sorted order: the same run writes the same bytes (unsorted, they follow a hash
    /// seeded anew in each process).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Each event as a recording's line: its JSON, then a newline.
    static func lines(of events: some Collection<SimulationEvent>) -> [UInt8] {
        var lines: [UInt8] = []
        lines.reserveCapacity(events.count * 112)
        let encoder = encoder()
        for event in events {
            // Cannot fail: every field is an integer, a string or an enum of them.
            guard let line = try? encoder.encode(event) else { preconditionFailure("event \(event.sequence) has no JSON") }
            lines.append(contentsOf: line)
            lines.append(UInt8(ascii: "\n"))
        }
        return lines
    }

    /// Writes `bytes` whole, or as much as the file takes: the bytes written and, if short, why.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> (written: Int, errorNumber: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return (offset, written < 0 ? errno : ENOSPC) }
            offset += written
        }
        return (offset, 0)
    }
}
