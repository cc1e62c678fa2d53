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
    }

    private let path: String
    private let stdout: Int32
    private let stderr: Int32
    private let sanitizes: Bool
    private let wake: WakeSignal
    private let state = LockedState(State())

    init(path: String, stdout: Int32, stderr: Int32, sanitizes: Bool, wake: WakeSignal) {
        self.path = path
        self.stdout = stdout
        self.stderr = stderr
        self.sanitizes = sanitizes
        self.wake = wake
    }

    var isTerminated: Bool { state.withLock { $0.interrupted } }

    func deliver(_ event: FollowEvent) -> Bool {
        let isFirstEvent = state.withLock { state in
            defer { state.sawEvent = true }
            return !state.sawEvent
        }
        switch event {
        case .lines(let batch):
            if sanitizes { writeSanitized(batch) } else { batch.withRawBytes { writeAll(stdout, $0) } }
        case .notice(let notice):
            if case .inaccessible = notice { state.withLock { $0.sawReadFailure = true } }
            if case .notRegularFile = notice { state.withLock { $0.sawReadFailure = true } }
            writeAll(stderr, TailMessages.text(for: notice, path: path, isFirstEvent: isFirstEvent))
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
            if state.interrupted { return 130 }
            return state.sawReadFailure && !followsByName ? 1 : 0
        }
    }

    private func writeSanitized(_ batch: LineBatch) {
        var text = ""
        for line in batch {
            line.bytes.withUnsafeBufferPointer { text += DisplaySafety.sanitize($0) }
            if line.droppedByteCount > 0 { text += " [\(line.droppedByteCount) bytes cut]" }
            if line.terminator != .none { text += "\n" }
        }
        writeAll(stdout, text)
    }

    private func writeAll(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
    }

    private func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }  // EPIPE and the like: the reader of our output is gone
            offset += count
        }
    }
}
