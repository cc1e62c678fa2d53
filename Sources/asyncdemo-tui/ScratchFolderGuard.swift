import Glibc

/// What the crash handler needs, prepared before it can run, in memory never freed or changed
/// afterwards: the handler only reads it and makes async-signal-safe calls (fork, execve, waitpid,
/// sigaction, _exit).
private struct ScratchRemoval {
    var program: UnsafeMutablePointer<CChar>
    /// `/bin/rm -rf -- FOLDER`, NULL-terminated, for execve.
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    var emptyEnvironment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    var previousActions: UnsafeMutablePointer<sigaction>
}

// Safe: written once by `ScratchFolderGuard.arm`, before the `sigaction` calls that let the
// handler run, and never written again; the handler below only reads it.
nonisolated(unsafe) private var scratchRemoval: ScratchRemoval?

/// A crash of `demo` (a Swift runtime trap, SIGSEGV, abort) would leave the lessons' scratch
/// folder, up to `--file-mb` of it, in the temporary directory. The handler removes the folder
/// by running `rm -rf` in a child (no directory walk in a signal handler), then gives the signal
/// to the handler that was there before, Swift's crash report, as `CrashGuard` does for the
/// terminal.
enum ScratchFolderGuard {
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    private static let signalSlots = 65

    /// Arms the guard for `folder`; later calls do nothing (a process has one scratch folder).
    static func arm(removing folder: String) {
        guard scratchRemoval == nil else { return }
        let program = strdup("/bin/rm")!
        let words = ["-rf", "--", folder]
        let arguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: words.count + 2)
        arguments[0] = program
        for (index, word) in words.enumerated() { arguments[index + 1] = strdup(word) }
        arguments[words.count + 1] = nil
        let emptyEnvironment = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
        emptyEnvironment.initialize(to: nil)
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: signalSlots)
        previous.initialize(repeating: sigaction(), count: signalSlots)
        for signal in fatalSignals { sigaction(signal, nil, previous + Int(signal)) }
        scratchRemoval = ScratchRemoval(program: program, arguments: arguments, emptyEnvironment: emptyEnvironment, previousActions: previous)

        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { signal, info, context in
            guard let removal = scratchRemoval else { return }
            let child = fork()
            if child == 0 {
                execve(removal.program, removal.arguments, removal.emptyEnvironment)
                _exit(127)
            }
            if child > 0 {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0, errno == EINTR {}
            }
            let previous = removal.previousActions + Int(signal)
            _ = sigaction(signal, previous, nil)
            // A fault (si_code > 0) re-executes its instruction on return and reaches the previous
            // handler by itself; abort() and raise() (SI_TKILL) are handed to it now; a signal
            // sent with kill (SI_USER) is no crash of ours and gets no report. Then the status a
            // shell shows for the signal.
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
}
