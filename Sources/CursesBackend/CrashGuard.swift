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
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    private static let signalSlots = 65

    @MainActor
    static func arm(savedTermios: termios, resetSequence: [UInt8]) {
        guard crashRestoreState == nil else { return }
        let termiosCopy = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        termiosCopy.initialize(to: savedTermios)
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, resetSequence.count))
        bytes.initialize(from: resetSequence, count: resetSequence.count)
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: signalSlots)
        previous.initialize(repeating: sigaction(), count: signalSlots)
        for signal in fatalSignals { sigaction(signal, nil, previous + Int(signal)) }
        crashRestoreState = CrashRestoreState(
            savedTermios: termiosCopy, resetBytes: bytes, resetCount: resetSequence.count, previousActions: previous)

        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { signal, info, context in
            guard let state = crashRestoreState else { return }
            _ = write(STDOUT_FILENO, state.resetBytes, state.resetCount)
            _ = tcsetattr(STDIN_FILENO, TCSANOW, state.savedTermios)
            let previous = state.previousActions + Int(signal)
            _ = sigaction(signal, previous, nil)
            // A fault (si_code > 0) re-executes its instruction on return and reaches the
            // previous handler by itself. abort() and raise() inside the process (SI_TKILL)
            // would not come back: hand them to the previous handler (the crash report) now.
            // A signal another process sent with kill (SI_USER) is not a crash of ours, and
            // Swift's reporter was seen to end such a run with status 1 under load: no report.
            // Either way end with the status a shell shows for that signal; _exit, not a
            // re-raise: a re-raised signal waits for this handler to return and, under load,
            // was seen never to be delivered.
            guard let info, info.pointee.si_code <= 0 else { return }
            let handler = previous.pointee.__sigaction_handler
            if info.pointee.si_code != SI_USER, previous.pointee.sa_flags & SA_SIGINFO != 0,
               let forward = handler.sa_sigaction {
                forward(signal, info, context)
            }
            _exit(128 + signal)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        for signal in fatalSignals { sigaction(signal, &action, nil) }
    }

    /// After a normal shutdown the terminal is already restored: give the signals back.
    @MainActor
    static func disarm() {
        guard let state = crashRestoreState else { return }
        for signal in fatalSignals { sigaction(signal, state.previousActions + Int(signal), nil) }
    }
}
