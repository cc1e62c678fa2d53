import Dispatch
import Glibc
import Synchronization
import TerminalKit

/// The write end of the self-pipe. A signal handler may only do async-signal-safe work, so it
/// writes the signal number here and the loop learns of it through a read source: no polling,
/// no wake-ups while nothing happens.
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Catches the signals the dashboard answers and hands them, in the order they came, to one
/// closure called on one serial queue. Installed before `newterm`, so ncurses sees our handlers
/// and leaves these signals alone (its own would leave the terminal raw on SIGHUP and the cursor
/// hidden on SIGTERM).
final class SignalRelay {
    static let ending = EndingSignals.all
    /// Ctrl-Z, a resize and `fg`: the terminal answers these itself.
    static let jobControl: [Int32] = [SIGTSTP, SIGWINCH, SIGCONT]

    private let source: (any DispatchSourceRead)?
    /// Signals that were ignored when we started (`nohup`, a shell's `trap '' SIG`): the user
    /// asked for them to be ignored, so they stay so.
    private let inheritedIgnored: Set<Int32>

    init(onSignal: @escaping @Sendable (Int32) -> Void) {
        inheritedIgnored = Set((Self.ending + Self.jobControl).filter(EndingSignals.isIgnored))
        var fds: [Int32] = [0, 0]
        // Without a pipe there is no safe way to hear signals: the default actions stay.
        guard pipe(&fds) == 0 else {
            source = nil
            return
        }
        for fd in fds {
            // A full pipe must drop a signal rather than block its handler.
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        signalPipeWriteEnd.store(fds[1], ordering: .sequentiallyConsistent)
        let readEnd = fds[0]
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: DispatchQueue(label: "signals"))
        self.source = source
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(readEnd, &buffer, buffer.count)
            for index in 0..<max(0, count) { onSignal(Int32(buffer[index])) }
        }
        source.resume()
        for signal in Self.ending + Self.jobControl where !inheritedIgnored.contains(signal) { Self.install(signal) }
    }

    /// Catches `signal` again after it was given its default action for a while (SIGTSTP, to
    /// stop on Ctrl-Z); one ignored from the start stays ignored.
    func catchAgain(_ signal: Int32) {
        guard !inheritedIgnored.contains(signal) else { return }
        Self.install(signal)
    }

    private static func install(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            let savedErrno = errno
            var byte = UInt8(truncatingIfNeeded: number)
            _ = write(signalPipeWriteEnd.load(ordering: .relaxed), &byte, 1)
            errno = savedErrno
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
    }

    /// Back to the default actions; used when the terminal is handed back for good.
    func uninstall() {
        for signal in Self.ending + Self.jobControl where !inheritedIgnored.contains(signal) {
            Glibc.signal(signal, SIG_DFL)
        }
        source?.cancel()
    }
}

extension TerminalSignal {
    init(number: Int32) {
        switch number {
        case SIGINT: self = .interrupt
        case SIGTERM: self = .terminate
        case SIGHUP: self = .hangup
        case SIGQUIT: self = .quit
        case SIGTSTP: self = .suspend
        default: self = .ending(signalNumber: number)
        }
    }
}
