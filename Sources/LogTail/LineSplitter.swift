#if canImport(Glibc)
import Glibc
#endif

/// Cuts a byte stream into lines: LF ends a line, a CR right before it is dropped from the text,
/// a trailing partial line is held until its newline arrives, and no line holds more than
/// `maxLineBytes` bytes (the rest is counted, not kept, so one 10 MB line costs at most the cap).
struct LineSplitter {
    let maxLineBytes: Int
    /// The held partial line: at most `maxLineBytes + 1` bytes (one more so a CR can still be
    /// recognised as part of CRLF when the line is exactly at the cap).
    private var pending: [UInt8] = []
    private var pendingDroppedCount = 0
    /// The true last byte of the partial line, even when it was dropped.
    private var pendingLastByte: UInt8?

    init(maxLineBytes: Int) {
        precondition(maxLineBytes > 0)
        self.maxLineBytes = maxLineBytes
    }

    var hasPartialLine: Bool { pendingLastByte != nil }

    /// Splits `chunk`; complete lines go into `batch`, a trailing partial line is held.
    mutating func split(_ chunk: UnsafeRawBufferPointer, into batch: inout LineBatch) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        batch.reserve(bytes: chunk.count, lines: chunk.count / 64)
        var lineStart = 0
        // Lines needing no copy of their own are appended as one contiguous run.
        var runStart = 0
        var runLineEnds: [Int] = []
        runLineEnds.reserveCapacity(chunk.count / 64)

        func flushRun(upTo end: Int, into batch: inout LineBatch) {
            guard !runLineEnds.isEmpty else { return }
            batch.appendLines(UnsafeRawBufferPointer(rebasing: chunk[runStart..<end]), lineEnds: runLineEnds)
            runLineEnds.removeAll(keepingCapacity: true)
        }

        while lineStart < chunk.count {
            guard let found = memchr(base + lineStart, 0x0A, chunk.count - lineStart) else { break }
            let newline = base.distance(to: UnsafeRawPointer(found))
            let hasCarriageReturn = newline > lineStart && chunk[newline - 1] == 0x0D
            let contentLength = newline - lineStart - (hasCarriageReturn ? 1 : 0)
            if !hasPartialLine && contentLength <= maxLineBytes {
                if runLineEnds.isEmpty { runStart = lineStart }
                runLineEnds.append(newline + 1 - runStart)
            } else {
                flushRun(upTo: lineStart, into: &batch)
                completeLongOrHeldLine(chunk[lineStart..<newline], into: &batch)
            }
            lineStart = newline + 1
        }
        flushRun(upTo: lineStart, into: &batch)
        if lineStart < chunk.count { hold(chunk[lineStart...]) }
    }

    /// Delivers the held partial line as a line without terminator (the file will not grow).
    mutating func flush(into batch: inout LineBatch) {
        guard hasPartialLine else { return }
        let keptCount = min(pending.count, maxLineBytes)
        batch.appendBytes(pending[..<keptCount])
        batch.endLine(droppedByteCount: pendingDroppedCount + pending.count - keptCount)
        reset()
    }

    /// Forgets the held partial line (the file was truncated or replaced under it).
    mutating func reset() {
        pending.removeAll(keepingCapacity: pending.count <= 4096)
        pendingDroppedCount = 0
        pendingLastByte = nil
    }

    private mutating func hold(_ bytes: Slice<UnsafeRawBufferPointer>) {
        let room = maxLineBytes + 1 - pending.count
        let kept = min(room, bytes.count)
        pending.append(contentsOf: bytes.prefix(kept))
        pendingDroppedCount += bytes.count - kept
        pendingLastByte = bytes.last
    }

    /// Ends a line made of the held bytes plus `tail` (the bytes before its LF), cut to the cap.
    private mutating func completeLongOrHeldLine(_ tail: Slice<UnsafeRawBufferPointer>, into batch: inout LineBatch) {
        let lastByte = tail.last ?? pendingLastByte
        let hasCarriageReturn = lastByte == 0x0D
        let totalLength = pending.count + pendingDroppedCount + tail.count
        let contentLength = totalLength - (hasCarriageReturn ? 1 : 0)
        let keptCount = min(contentLength, maxLineBytes)
        // Kept bytes come from the held part first, then from `tail`; both were stored in order.
        let keptFromPending = min(keptCount, pending.count)
        batch.appendBytes(pending[..<keptFromPending])
        if keptCount > keptFromPending {
            batch.appendBytes(tail.prefix(keptCount - keptFromPending))
        }
        batch.appendBytes(hasCarriageReturn ? [0x0D, 0x0A] : [0x0A])
        batch.endLine(droppedByteCount: contentLength - keptCount)
        reset()
    }
}
