import Dispatch
import Glibc
import Synchronization
import TerminalKit

/// The write end of the self-pipe. A signal handler may only do async-signal-safe work, so it
/// writes the signal number here and the loop learns of it through a read source: no polling,
/// no wake-ups while nothing happens.
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Catches the signals the dashboard answers and turns them into events on the main loop.
/// Installed before `newterm`, so ncurses sees our handlers and leaves these signals alone
/// (its own would leave the terminal raw on SIGHUP and the cursor hidden on SIGTERM).
final class SignalRelay {
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGWINCH, SIGCONT]

    private let readEnd: Int32
    private let source: (any DispatchSourceRead)?

    init(onSignal: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [0, 0]
        // Without a pipe there is no safe way to hear signals: the default actions stay.
        guard pipe(&fds) == 0 else {
            readEnd = -1
            source = nil
            return
        }
        for fd in fds {
            // A full pipe must drop a signal rather than block its handler.
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readEnd = fds[0]
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
        for signal in Self.handled { Self.install(signal) }
    }

    static func install(_ signal: Int32) {
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
        source?.cancel()
        for signal in Self.handled { Glibc.signal(signal, SIG_DFL) }
    }
}

extension TerminalSignal {
    init?(number: Int32) {
        switch number {
        case SIGINT: self = .interrupt
        case SIGTERM: self = .terminate
        case SIGHUP: self = .hangup
        case SIGQUIT: self = .quit
        case SIGTSTP: self = .suspend
        default: return nil
        }
    }
}
