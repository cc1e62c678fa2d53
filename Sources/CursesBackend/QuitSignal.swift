import Glibc

/// SIGQUIT (Ctrl-\) is a person asking the program to quit, but Swift's runtime takes it for a
/// crash: it prints a crash report and, on a terminal, waits 30 s at "Press space to interact".
/// The runtime reads its settings (SWIFT_BACKTRACE) from the environment as the process starts,
/// so a program cannot turn that prompt off for itself; what it can do is give SIGQUIT back its
/// default action before anything else. The dashboard catches it again, as it does SIGINT and
/// SIGTERM, once it owns the terminal.
public enum QuitSignal {
    public static func restoreDefaultAction() {
        // Ignored from the start (nohup, a shell's `trap '' QUIT`): the runtime left it so, and so do we.
        guard !EndingSignals.isIgnored(SIGQUIT) else { return }
        signal(SIGQUIT, SIG_DFL)
    }
}
