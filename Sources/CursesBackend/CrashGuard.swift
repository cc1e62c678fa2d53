import Glibc

/// What a fatal-signal handler needs, prepared before any handler can run, in memory that is
/// never freed or changed afterwards, so the handler does nothing but async-signal-safe reads.
private struct CrashRestoreState {
    var savedTermios: UnsafeMutablePointer<termios>
    var resetBytes: UnsafeMutablePointer<UInt8>
    var resetCount: Int
    var previousActions: UnsafeMutablePointer<sigaction>
}

// Safe: written once by `CrashGuard.arm` on the main actor before the first `sigaction` that can
// invoke a reader, and never written again; the handler below only reads it.
nonisolated(unsafe) private var crashRestoreState: CrashRestoreState?

/// On a crash (fatalError, a trap, SIGSEGV, SIGABRT...) puts the terminal back before the crash
/// report prints: the handler writes the saved reset sequence, restores the saved termios,
/// reinstalls whatever handler was there before (Swift's backtracer) and lets it run.
enum CrashGuard {

    @MainActor
    static func arm(savedTermios: termios, resetSequence: [UInt8]) {
        guard crashRestoreState == nil else { return }
        let termiosCopy = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        termiosCopy.initialize(to: savedTermios)
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, resetSequence.count))
        bytes.initialize(from: resetSequence, count: resetSequence.count)
        crashRestoreState = CrashRestoreState(
            savedTermios: termiosCopy, resetBytes: bytes, resetCount: resetSequence.count,
            previousActions: FatalSignalHandover.currentActions())
        FatalSignalHandover.install { signal, info, context in
            guard let state = crashRestoreState else { return }
            _ = write(STDOUT_FILENO, state.resetBytes, state.resetCount)
            _ = tcsetattr(STDIN_FILENO, TCSANOW, state.savedTermios)
            FatalSignalHandover.handOver(signal, info: info, context: context, to: state.previousActions)
        }
    }

    /// After a normal shutdown the terminal is already restored: give the signals back.
    @MainActor
    static func disarm() {
        guard let state = crashRestoreState else { return }
        FatalSignalHandover.restore(state.previousActions)
    }
}
