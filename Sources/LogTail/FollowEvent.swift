#if canImport(Glibc)
import Glibc
#endif

/// What a follower reports: lines, or a change in what the path refers to.
public enum FollowEvent: Sendable {
    case lines(LineBatch)
    case notice(FollowNotice)
}

/// The kinds of file a path can hold that cannot be followed by reading to the end.
public enum UntailableKind: Sendable, Equatable {
    case directory
    case fifo
    /// A socket, a character or block device.
    case other
}

/// A change in what the followed path refers to. Each one is reported once when it happens, not
/// repeated while the situation lasts.
public enum FollowNotice: Sendable, Equatable {
    /// The path, or a directory on the way to it, does not exist: waiting for it to appear.
    case waiting(errno: Int32)
    /// The path exists again after it was missing or untailable; followed from its first byte.
    case appeared
    /// The path could not be opened before (permissions) and now can; followed from its first byte.
    case becameAccessible
    /// The file shrank, or its first bytes changed (copytruncate); read again from its first byte.
    case truncated
    /// The name now refers to another file (rotation by rename, re-creation); the old file was read
    /// to its end and the new one is followed from its first byte.
    case replaced
    /// The followed file was renamed away and nothing has the name yet. Its lines written after the
    /// rename are still read for `FollowOptions.rotatedFileGracePeriod`.
    case movedAway
    /// The followed file was removed (its link count is zero) and nothing has the name yet.
    case deleted
    /// The path exists but cannot be read (the errno says why, e.g. EACCES).
    case inaccessible(errno: Int32)
    /// The path is a directory, a FIFO or a device: nothing to follow until a file replaces it.
    case notRegularFile(UntailableKind)
    /// Reading failed.
    case error(errno: Int32)

    /// The C library's text for an errno, e.g. "No such file or directory".
    public static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}
