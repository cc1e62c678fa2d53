import Simulation
import Dispatch
import Foundation
import Locking

/// The dashboard's own activity log on disk: one line per event, appended on a private serial
/// queue (so no caller, and no Task, ever waits for the disk), rotated by size as logrotate
/// would: `activity.log` becomes `activity.log.1`, and so on up to `keptFiles`.
public final class ActivityLogFile: Sendable {
    public let path: String
    public let maxBytes: Int
    public let keptFiles: Int
    private let queue = DispatchQueue(label: "activity-log")
    /// Touched only on `queue`; the lock is never contended, it only makes the sharing provable.
    private let writer: LockedState<Writer>

    struct Writer {
        var descriptor: Int32 = -1
        var size = 0
    }

    /// Opens (creating its folder) or fails with a sentence saying what went wrong.
    public init(path: String, maxBytes: Int = 1 << 20, keptFiles: Int = 3) throws(ActivityLogError) {
        self.path = path
        self.maxBytes = max(1024, maxBytes)
        self.keptFiles = max(1, keptFiles)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw ActivityLogError("cannot create the folder \(folder): \(error.localizedDescription)")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ActivityLogError("cannot open \(path) for writing: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        fstat(descriptor, &info)
        writer = LockedState(Writer(descriptor: descriptor, size: Int(info.st_size)))
    }

    deinit {
        writer.withLock { if $0.descriptor >= 0 { close($0.descriptor) } }
    }

    /// Queues one line (a newline is added) and returns at once.
    public func append(_ line: String) {
        queue.async { [self] in write(Array((line + "\n").utf8)) }
    }

    /// Waits until every line queued so far is on disk; for shutdown and tests.
    public func flush() {
        queue.sync {}
    }

    private func write(_ bytes: [UInt8]) {
        writer.withLock { writer in
            if writer.size > 0, writer.size + bytes.count > maxBytes { rotate(&writer) }
            guard writer.descriptor >= 0 else { return }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Foundation.write(writer.descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
            writer.size += bytes.count
        }
    }

    private func rotate(_ writer: inout Writer) {
        close(writer.descriptor)
        for generation in stride(from: keptFiles - 1, through: 1, by: -1) {
            rename("\(path).\(generation)", "\(path).\(generation + 1)")
        }
        rename(path, "\(path).1")
        writer.descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        writer.size = 0
    }

    /// `$XDG_STATE_HOME/asyncdemo-tui/activity.log`, else `~/.local/state/asyncdemo-tui/activity.log`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/asyncdemo-tui/activity.log"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/asyncdemo-tui/activity.log"
    }
}

public struct ActivityLogError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
