import AsyncDemoCore
import Dispatch
import Foundation
import Locking
import LogTail

/// Writes an attached program's stream to a recording (`attach --record FILE`): the stream is
/// one already (its header, then events numbered and timed from the attach), so the file is
/// the header as the probe sent it and each event as the dashboard decoded it, one JSON line
/// each, which `replay` and `trace` read as they are.
///
/// `record(_:)` is called for each event on the feed's task and never waits for the disk: the
/// event joins a pending batch that a private serial queue encodes and writes. A disk slower
/// than the program fills the batch to `pendingLimit`; past that events are dropped and
/// counted, and the file's sequence numbers jump over them (a reader reports the gap).
/// The first write that fails ends the recording, cut back to its last whole line.
public final class AttachRecording: Sendable {
    public static let pendingLimit = 1 << 16

    public let path: String
    private let queue = DispatchQueue(label: "attach-recording")
    private let state: LockedState<State>

    private struct State {
        var descriptor: Int32
        var pending: [SimulationEvent] = []
        /// A drain is queued and has not taken the pending events yet.
        var drainQueued = false
        var length = 0
        var eventLines = 0
        var lastRecorded: UInt64 = 0
        var dropped: UInt64 = 0
        var failure: RecordingFailure?
    }

    /// Creates (or empties) the file at `path`, before anything is attached to: a path that
    /// cannot be written is refused in one line.
    public init(path: String) throws(RecordingRefusal) {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RecordingRefusal("cannot create the recording \(ShellQuoting.quoted(path)): \(String(cString: strerror(errno)))")
        }
        state = LockedState(State(descriptor: descriptor))
    }

    deinit {
        state.withLock { if $0.descriptor >= 0 { close($0.descriptor) } }
    }

    /// Writes the stream's header, first of all; on the queue, as every write.
    public func start(header: RecordingHeader) {
        queue.async { [self] in
            guard let line = try? RecordingWriter.encoder().encode(header) else { preconditionFailure("a header has no JSON") }
            write(Array(line) + [UInt8(ascii: "\n")], events: [])
        }
    }

    /// Adds an event to the file soon; returns at once.
    public func record(_ event: SimulationEvent) {
        let wake = state.withLock { state -> Bool in
            guard state.descriptor >= 0 else { return false }
            guard state.pending.count < Self.pendingLimit else {
                state.dropped += 1
                return false
            }
            state.pending.append(event)
            defer { state.drainQueued = true }
            return !state.drainQueued
        }
        if wake { queue.async { [self] in drain() } }
    }

    /// Writes what is pending, closes the file and says what it holds: for the end of the
    /// attach (the dashboard quit, the program exited, a signal ended the dashboard).
    public func finish() async -> RecordingSummary {
        await withCheckedContinuation { (done: CheckedContinuation<RecordingSummary, Never>) in
            queue.async { [self] in
                drain()
                let summary = state.withLock { state in
                    if state.descriptor >= 0 { close(state.descriptor) }
                    state.descriptor = -1
                    return RecordingSummary(path: path, events: state.eventLines, droppedEvents: state.dropped, failure: state.failure)
                }
                done.resume(returning: summary)
            }
        }
    }

    /// On `queue`: takes the pending events and writes them.
    private func drain() {
        let batch = state.withLock { state in
            defer {
                state.pending = []
                state.drainQueued = false
            }
            return state.pending
        }
        guard !batch.isEmpty else { return }
        write(RecordingWriter.lines(of: batch), events: batch)
    }

    /// On `queue`: appends whole lines; a short write cuts the file back to its last whole
    /// line and ends the recording.
    private func write(_ lines: [UInt8], events: [SimulationEvent]) {
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            let (written, code) = RecordingWriter.writeAll(lines, to: state.descriptor)
            if written == lines.count {
                state.length += written
                state.eventLines += events.count
                state.lastRecorded = events.last?.sequence ?? state.lastRecorded
                return
            }
            let whole = lines[..<written].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let wholeLines = lines[..<whole].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            if whole < written { _ = ftruncate(state.descriptor, off_t(state.length + whole)) }
            state.length += whole
            if wholeLines > 0, wholeLines <= events.count { state.lastRecorded = events[wholeLines - 1].sequence }
            state.eventLines += min(wholeLines, events.count)
            close(state.descriptor)
            state.descriptor = -1
            state.pending = []
            state.failure = RecordingFailure(path: path, reason: String(cString: strerror(code)), lastRecorded: state.lastRecorded)
        }
    }
}
