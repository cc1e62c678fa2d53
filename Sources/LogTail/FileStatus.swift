#if canImport(Glibc)
import Glibc
#endif

/// Which file a path or descriptor refers to: rotation is "same name, other identity".
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// stat/fstat/lstat as optionals with the errno, so callers read as decisions, not C.
enum FileStatus {
    enum Result {
        case success(stat)
        case failure(errno: Int32)
    }

    static func ofPath(_ path: String) -> Result {
        var status = stat()
        return stat(path, &status) == 0 ? .success(status) : .failure(errno: errno)
    }

    static func ofDescriptor(_ descriptor: Int32) -> stat? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? status : nil
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }

    /// nil for a regular file, else what kind of untailable file it is.
    static func untailableKind(_ status: stat) -> UntailableKind? {
        switch status.st_mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: .directory
        case S_IFIFO: .fifo
        default: .other
        }
    }

    /// The directory holding `path`'s last component ("." for a bare name).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = path[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }
}
