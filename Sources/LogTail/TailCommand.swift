import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What `asyncdemo-tui tail [-n [+-]N] [-F | -f] [--poll] FILE` asks for.
public struct TailCommandOptions: Sendable {
    public enum Follow: Sendable { case none, byName, byDescriptor }

    /// Where printing starts: the last N lines (`-n N`, `-n -N`) or line N on (`-n +N`).
    public var start: FollowOptions.StartPosition
    public var follow: Follow
    public var poll: Bool
    /// The file to print; `-` (`standardInput`) reads standard input.
    public var path: String

    public static let standardInput = "-"

    public init(lines: Int = 10, follow: Follow = .none, poll: Bool = false, path: String = standardInput) {
        self.init(start: .lastLines(lines), follow: follow, poll: poll, path: path)
    }

    public init(start: FollowOptions.StartPosition, follow: Follow = .none, poll: Bool = false,
                path: String = standardInput) {
        self.start = start
        self.follow = follow
        self.poll = poll
        self.path = path
    }

    /// Longest line passed whole into a pipe or file (a copy of the file, as GNU tail makes);
    /// beyond it the line is cut and stderr says so. On a terminal lines are cut at
    /// `FollowOptions`' default (64 KiB) with the count shown in the line.
    public static let pipedLineLimit = 16 << 20

    func followOptions(outputIsTerminal: Bool) -> FollowOptions {
        let mode: FollowOptions.Mode = switch follow {
        case .none: .once
        case .byName: .name
        case .byDescriptor: .descriptor
        }
        var options = FollowOptions(startPosition: start, mode: mode,
                                    changeDetection: poll ? .polling : .automatic)
        if !outputIsTerminal { options.maxLineBytes = Self.pipedLineLimit }
        return options
    }
}

/// Prints the file's last lines, then (with -F or -f) follows it, as GNU tail does: lines on
/// `stdout`, notices on `stderr`. Returns the exit status: 0, 1 when the file could not be read
/// (without -F), 130 when interrupted.
///
/// Interruption: runTail handles SIGINT itself while it runs (a handler of its own, then the
/// previous disposition is restored), so Ctrl-C ends it with 130 and the caller can still exit
/// cleanly. Cancelling the calling task does the same.
///
/// All reading and writing happens on the follower's own thread, so a slow stdout (a pipe to a
/// pager) blocks that thread, never the cooperative pool. When `stdout` is a terminal each line
/// goes through `DisplaySafety` (lines cut at 64 KiB, the count shown); otherwise its bytes are
/// written unchanged, lines up to `pipedLineLimit` whole, longer ones cut with a word on stderr.
public func runTail(_ options: TailCommandOptions, stdout: Int32 = STDOUT_FILENO,
                    stderr: Int32 = STDERR_FILENO) async -> Int32 {
    await runTail(options, stdout: stdout, stderr: stderr, handlesInterrupt: true)
}

func runTail(_ options: TailCommandOptions, stdout: Int32, stderr: Int32, handlesInterrupt: Bool,
             followOptions: FollowOptions? = nil, stdin: Int32 = STDIN_FILENO) async -> Int32 {
    var options = options
    var displayName = options.path
    var readPath = options.path
    if options.path == TailCommandOptions.standardInput {
        if options.follow == .byName {
            writeMessage("\(TailMessages.programName): cannot follow '-' by name\n", to: stderr)
            return 1
        }
        displayName = "standard input"
        readPath = "/proc/self/fd/\(stdin)"
        // POSIX: -f is ignored when standard input is a pipe or FIFO; nothing follows its end.
        let kind = FileStatus.ofDescriptor(stdin).map { $0.st_mode & S_IFMT }
        if kind != S_IFREG { options.follow = .none }
    }
    let wake = WakeSignal()
    let outputIsTerminal = isatty(stdout) == 1
    let writer = TailWriter(path: displayName, stdout: stdout, stderr: stderr,
                            sanitizes: outputIsTerminal, wake: wake)
    let interrupt = handlesInterrupt ? InterruptObserver { writer.interrupt() } : nil
    defer { interrupt?.stop() }
    var readerOptions = followOptions ?? options.followOptions(outputIsTerminal: outputIsTerminal)
    if options.path == TailCommandOptions.standardInput { readerOptions.inheritedDescriptor = stdin }
    startReaderThread(path: readPath, options: readerOptions, sink: writer,
                      wake: wake, diagnostics: FollowDiagnostics())
    await withTaskCancellationHandler {
        await writer.waitUntilFinished()
    } onCancel: {
        writer.interrupt()
    }
    return writer.exitStatus(followsByName: options.follow == .byName)
}

private func writeMessage(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in _ = write(descriptor, bytes.baseAddress, bytes.count) }
}

/// The write end of the interrupt pipe, read by the signal handler: a handler may only make
/// async-signal-safe calls, so it writes one byte and the observer hears of it through the pipe.
private let interruptPipeWriteEnd = Atomic<Int32>(-1)

/// Turns SIGINT into a callback for as long as it lives. A `sigaction` handler is installed at
/// once, so a Ctrl-C in the first moment is caught too (a dispatch signal source is armed on
/// libdispatch's own thread a moment after `resume()`, and a SIGINT before that was lost). One
/// observer at a time: `tail` has one.
final class InterruptObserver {
    private let source: (any DispatchSourceRead)?
    private var previous = sigaction()

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            source = nil  // without a pipe, SIGINT keeps its default action: it still ends tail
            return
        }
        for end in ends {
            // A full pipe drops a byte rather than block the handler; children do not inherit it.
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        let readEnd = ends[0], writeEnd = ends[1]
        interruptPipeWriteEnd.store(writeEnd, ordering: .sequentiallyConsistent)
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var drained = [UInt8](repeating: 0, count: 16)
            while read(readEnd, &drained, drained.count) > 0 {}
            onInterrupt()
        }
        source.setCancelHandler {
            close(readEnd)
            close(writeEnd)
        }
        source.resume()
        self.source = source
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipeWriteEnd.load(ordering: .relaxed), &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, &previous)
    }

    func stop() {
        guard let source else { return }
        sigaction(SIGINT, &previous, nil)
        interruptPipeWriteEnd.store(-1, ordering: .sequentiallyConsistent)
        source.cancel()
    }
}
