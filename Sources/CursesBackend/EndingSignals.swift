import Glibc

/// Every signal whose default action ends the process, but for the faults the crash guards
/// handle (and SIGKILL, which no one can catch). The dashboard ends the orderly way on each, the
/// terminal restored and the scenes' scratch files removed; `demo` removes its scratch folder.
public enum EndingSignals {
    public static let all: [Int32] = [
        SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGSTKFLT, SIGXCPU, SIGXFSZ,
        SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSYS,
    ] + Array(__libc_current_sigrtmin()...__libc_current_sigrtmax())

    /// Whether the signal was ignored when the process started (`nohup`, a shell's `trap ''`):
    /// the user asked for that, so it stays so.
    public static func isIgnored(_ signal: Int32) -> Bool {
        var current = sigaction()
        sigaction(signal, nil, &current)
        // Function pointers are not Equatable: compare their addresses (SIG_IGN is 1).
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}
