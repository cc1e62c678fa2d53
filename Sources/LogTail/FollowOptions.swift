#if canImport(Glibc)
import Glibc
#endif

/// How to follow a file.
public struct FollowOptions: Sendable {
    public enum StartPosition: Sendable, Equatable {
        case beginning
        /// The last N lines already in the file (as `tail -n N`).
        case lastLines(Int)
        /// From the Nth line on, counted from 1 (as `tail -n +N`; 0 reads as 1, as GNU does).
        case fromLine(Int)
        case end
    }

    public enum Mode: Sendable, Equatable {
        /// Follow the name (`tail -F`): reopen when the file is rotated, truncated, deleted and re-created.
        case name
        /// Follow the open file (`tail -f`): keep reading the same file whatever happens to its name.
        case descriptor
        /// Read what is there and finish (`tail` without -f); a last line without newline is delivered.
        case once
    }

    public enum ChangeDetection: Sendable, Equatable {
        /// inotify, falling back to polling when it is unavailable.
        case automatic
        /// Check every `pollInterval` (network file systems, or where inotify is exhausted).
        case polling
    }

    public var startPosition: StartPosition
    public var mode: Mode
    public var changeDetection: ChangeDetection
    /// How often to check when polling, and when inotify cannot see a change (the directory is
    /// missing, the path is a symlink whose target may live elsewhere).
    public var pollInterval: Duration
    /// Longest line delivered; longer lines are cut and the rest counted in `droppedByteCount`.
    public var maxLineBytes: Int
    /// How long a rotated-away file is still read after it stops growing: a writer that has not
    /// reopened its log yet keeps appending to the old file, and those lines must not be lost.
    public var rotatedFileGracePeriod: Duration
    /// Events held for a slow consumer before the reader thread waits (back-pressure, no loss).
    public var bufferedEventLimit: Int
    /// Bytes asked of each read(2); each read becomes at most one `LineBatch`.
    public var readChunkBytes: Int

    var testHooks = FollowTestHooks()
    /// Standard input for `tail -`: read from this descriptor (a duplicate of it) when it is a
    /// pipe, FIFO, socket or terminal; `path` then names it in /proc/self/fd for a regular file.
    var inheritedDescriptor: Int32?

    public init(
        startPosition: StartPosition = .end,
        mode: Mode = .name,
        changeDetection: ChangeDetection = .automatic,
        pollInterval: Duration = .seconds(1),
        maxLineBytes: Int = 64 * 1024,
        rotatedFileGracePeriod: Duration = .seconds(5),
        bufferedEventLimit: Int = 16,
        readChunkBytes: Int = 256 * 1024
    ) {
        precondition(maxLineBytes > 0 && bufferedEventLimit > 0 && readChunkBytes > 0)
        self.startPosition = startPosition
        self.mode = mode
        self.changeDetection = changeDetection
        self.pollInterval = pollInterval
        self.maxLineBytes = maxLineBytes
        self.rotatedFileGracePeriod = rotatedFileGracePeriod
        self.bufferedEventLimit = bufferedEventLimit
        self.readChunkBytes = readChunkBytes
    }
}

/// Seams that only tests use, kept out of the public initialiser.
struct FollowTestHooks: Sendable {
    /// Runs on the reader thread after the first read and before any watch is set up.
    var afterFirstRead: (@Sendable () -> Void)?
    /// Runs first on the reader thread. The permission test drops that one thread's file-system
    /// uid here (setfsuid is per-thread on Linux), so EACCES is real even when tests run as root.
    var onReaderThreadStart: (@Sendable () -> Void)?
    /// Replaces `inotify_init1`, so a test can make it fail as it does when the per-user
    /// instance limit is reached, and see the follower fall back to polling.
    var makeInotify: (@Sendable () -> Int32)?
}
