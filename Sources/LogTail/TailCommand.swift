import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// What `asyncdemo-tui tail [-n N] [-F | -f] [--poll] FILE` asks for.
public struct TailCommandOptions: Sendable {
    public enum Follow: Sendable { case none, byName, byDescriptor }

    public var lines: Int
    public var follow: Follow
    public var poll: Bool
    public var path: String

    public init(lines: Int = 10, follow: Follow = .none, poll: Bool = false, path: String) {
        self.lines = lines
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
        var options = FollowOptions(startPosition: .lastLines(lines), mode: mode,
                                    changeDetection: poll ? .polling : .automatic)
        if !outputIsTerminal { options.maxLineBytes = Self.pipedLineLimit }
        return options
    }
}

/// Prints the file's last lines, then (with -F or -f) follows it, as GNU tail does: lines on
/// `stdout`, notices on `stderr`. Returns the exit status: 0, 1 when the file could not be read
/// (without -F), 130 when interrupted.
///
/// Interruption: runTail handles SIGINT itself while it runs (the signal is ignored and observed
/// through a DispatchSource, then the previous disposition is restored), so Ctrl-C ends it with
/// 130 and the caller can still exit cleanly. Cancelling the calling task does the same.
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
             followOptions: FollowOptions? = nil) async -> Int32 {
    let wake = WakeSignal()
    let outputIsTerminal = isatty(stdout) == 1
    let writer = TailWriter(path: options.path, stdout: stdout, stderr: stderr,
                            sanitizes: outputIsTerminal, wake: wake)
    let interrupt = handlesInterrupt ? InterruptObserver { writer.interrupt() } : nil
    defer { interrupt?.stop() }
    startReaderThread(path: options.path, options: followOptions ?? options.followOptions(outputIsTerminal: outputIsTerminal), sink: writer,
                      wake: wake, diagnostics: FollowDiagnostics())
    await withTaskCancellationHandler {
        await writer.waitUntilFinished()
    } onCancel: {
        writer.interrupt()
    }
    return writer.exitStatus(followsByName: options.follow == .byName)
}

/// Turns SIGINT into a callback for as long as it lives.
final class InterruptObserver {
    private let source: any DispatchSourceSignal
    private let previous: sighandler_t?

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        previous = signal(SIGINT, SIG_IGN)  // the source needs the default action out of the way
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: onInterrupt)
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, previous)
    }
}
