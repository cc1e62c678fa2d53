import Glibc

/// What every crash guard of the program does around its own work (CrashGuard puts the terminal
/// back, the demo command's guard removes its scratch folder): keep the actions that were there
/// before, install one handler for the fatal signals, and from inside it give the signal back to
/// the previous action, Swift's crash report. Only async-signal-safe calls in `handOver`.
public enum FatalSignalHandover {
    public static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    private static let slots = 65

    public typealias Handler = @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void

    /// The actions installed now for `signals`, indexed by signal number, in memory never freed:
    /// what a handler hands over to.
    public static func currentActions() -> UnsafeMutablePointer<sigaction> {
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: slots)
        previous.initialize(repeating: sigaction(), count: slots)
        for signal in signals { sigaction(signal, nil, previous + Int(signal)) }
        return previous
    }

    /// Installs `handler` for every fatal signal, with its siginfo, on the alternate stack.
    public static func install(_ handler: Handler) {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        for signal in signals { sigaction(signal, &action, nil) }
    }

    /// Gives every fatal signal back the action it had before `install`.
    public static func restore(_ previousActions: UnsafeMutablePointer<sigaction>) {
        for signal in signals { sigaction(signal, previousActions + Int(signal), nil) }
    }

    /// Called by a handler once its own work is done. A fault (si_code > 0) re-executes its
    /// instruction on return and reaches the previous handler by itself. abort() and raise()
    /// inside the process (SI_TKILL) would not come back: they are handed to the previous handler
    /// (the crash report) now. A signal another process sent with kill (SI_USER) is not a crash
    /// of ours, and Swift's reporter was seen to end such a run with status 1 under load: no
    /// report. Either way it ends with the status a shell shows for that signal; _exit, not a
    /// re-raise: a re-raised signal waits for this handler to return and, under load, was seen
    /// never to be delivered.
    public static func handOver(
        _ signal: Int32, info: UnsafeMutablePointer<siginfo_t>?, context: UnsafeMutableRawPointer?,
        to previousActions: UnsafeMutablePointer<sigaction>
    ) {
        let previous = previousActions + Int(signal)
        _ = sigaction(signal, previous, nil)
        guard let info, info.pointee.si_code <= 0 else { return }
        let handler = previous.pointee.__sigaction_handler
        if info.pointee.si_code != SI_USER, previous.pointee.sa_flags & SA_SIGINFO != 0,
           let forward = handler.sa_sigaction {
            forward(signal, info, context)
        }
        _exit(128 + signal)
    }
}
