import Locking
#if canImport(Glibc)
import Glibc
#endif

/// The `tail` command's sink: writes each event as it arrives, on the reader thread.
final class TailWriter: FollowEventSink {
    private struct State {
        var interrupted = false
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
        var sawEvent = false
        var sawReadFailure = false
        /// Set once writing our output failed; nothing more is written or read.
        var writeFailure: Int32?
    }

    private let path: String
    private let stdout: Int32
    private let stderr: Int32
    private let sanitizes: Bool
    private let wake: WakeSignal
    private let state = LockedState(State())

    let outputToWatch: Int32?

    init(path: String, stdout: Int32, stderr: Int32, sanitizes: Bool, wake: WakeSignal) {
        self.path = path
        self.stdout = stdout
        self.stderr = stderr
        self.sanitizes = sanitizes
        self.wake = wake
        let kind = FileStatus.ofDescriptor(stdout).map { $0.st_mode & S_IFMT }
        outputToWatch = kind == S_IFIFO || kind == S_IFSOCK ? stdout : nil
    }

    var isTerminated: Bool { state.withLock { $0.interrupted || $0.writeFailure != nil } }

    func outputClosed() {
        outputFailed(errno: EPIPE)
    }

    /// Says once why output stopped, in GNU's words; the reader stops at its next check.
    private func outputFailed(errno code: Int32) {
        let isFirst = state.withLock { state in
            defer { if state.writeFailure == nil { state.writeFailure = code } }
            return state.writeFailure == nil
        }
        guard isFirst else { return }
        _ = writeAll(stderr, "\(TailMessages.programName): error writing 'standard output': \(FollowNotice.describe(errno: code))\n")
    }

    func deliver(_ event: FollowEvent) -> Bool {
        let isFirstEvent = state.withLock { state in
            defer { state.sawEvent = true }
            return !state.sawEvent
        }
        switch event {
        case .lines(let batch):
            let written = sanitizes ? writeSanitized(batch) : batch.withRawBytes { writeAll(stdout, $0) }
            if let failure = written { outputFailed(errno: failure) }
            if !sanitizes { reportCutLines(batch) }
        case .notice(let notice):
            if case .inaccessible = notice { state.withLock { $0.sawReadFailure = true } }
            if case .notRegularFile = notice { state.withLock { $0.sawReadFailure = true } }
            _ = writeAll(stderr, TailMessages.text(for: notice, path: path, isFirstEvent: isFirstEvent))
        }
        return !isTerminated
    }

    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func interrupt() {
        state.withLock { $0.interrupted = true }
        wake.signal()
    }

    func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let alreadyFinished = state.withLock { state in
                if !state.finished { state.waiter = continuation }
                return state.finished
            }
            if alreadyFinished { continuation.resume() }
        }
    }

    func exitStatus(followsByName: Bool) -> Int32 {
        state.withLock { state in
            if state.writeFailure != nil { return 1 }
            if state.interrupted { return 130 }
            return state.sawReadFailure && !followsByName ? 1 : 0
        }
    }

    /// Into a pipe or file a cut line cannot carry its own "[N bytes cut]": stderr says it.
    private func reportCutLines(_ batch: LineBatch) {
        for (index, dropped) in batch.droppedByteCounts.sorted(by: { $0.key < $1.key }) {
            let kept = batch[index].bytes.count
            _ = writeAll(stderr, "\(TailMessages.programName): '\(path)': a line of \(kept + dropped) bytes was cut to \(kept)\n")
        }
    }

    /// The errno of a failed write, or nil.
    private func writeSanitized(_ batch: LineBatch) -> Int32? {
        var text = ""
        for line in batch {
            line.bytes.withUnsafeBufferPointer { text += DisplaySafety.sanitize($0) }
            if line.droppedByteCount > 0 { text += " [\(line.droppedByteCount) bytes cut]" }
            if line.terminator != .none { text += "\n" }
        }
        return writeAll(stdout, text)
    }

    private func writeAll(_ descriptor: Int32, _ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
    }

    /// The errno of a failed write (EPIPE: the reader of our output is gone; ENOSPC), or nil.
    private func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count < 0 ? errno : EIO }
            offset += count
        }
        return nil
    }
}
