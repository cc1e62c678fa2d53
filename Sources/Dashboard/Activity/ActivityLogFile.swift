import Simulation
import Dispatch
import Foundation
import Locking
import LogTail

/// The dashboard's own activity log on disk: one line per event, appended on a private serial
/// queue (so no caller, and no Task, ever waits for the disk), rotated by size as logrotate
/// would: `activity.log` becomes `activity.log.1`, and so on up to `keptFiles`.
///
/// The first write that fails (a full disk, a file size limit) stops the log: the file keeps what
/// it has, `failure` says when and why and counts the lines not written, and `failures` publishes
/// it at once for the Log pane.
public final class ActivityLogFile: Sendable {
    public let path: String
    public let maxBytes: Int
    public let keptFiles: Int
    /// The write failure that stopped the log, once; then the stream finishes.
    public let failures: AsyncStream<ActivityLogFailure>
    private let failureSink: AsyncStream<ActivityLogFailure>.Continuation
    private let queue = DispatchQueue(label: "activity-log")
    /// Written only on `queue`; `failure` reads it from elsewhere, so the lock is rarely contended.
    private let writer: LockedState<Writer>

    struct Writer {
        var descriptor: Int32 = -1
        var size = 0
        var failure: ActivityLogFailure?
        /// The lock file's descriptor, held open for the log's whole life; -1 without one.
        var lock: Int32 = -1
    }

    /// Opens (creating its folder) or fails with a sentence saying what went wrong. With
    /// `lockFile`, the log belongs to this process alone while it runs: it fails with `.inUse`
    /// when another process holds that file's lock (see `openUnshared`).
    public init(path: String, maxBytes: Int = 1 << 20, keptFiles: Int = 3,
                lockFile: String? = nil) throws(ActivityLogError) {
        self.path = path
        self.maxBytes = max(1024, maxBytes)
        self.keptFiles = max(1, keptFiles)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw ActivityLogError("cannot create the folder \(ShellQuoting.quoted(folder)): \(ErrorCause.text(of: error))")
        }
        let lock = try lockFile.map { path throws(ActivityLogError) in try Self.lock(path) } ?? -1
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            if lock >= 0 { close(lock) }
            throw ActivityLogError("cannot open \(ShellQuoting.quoted(path)) for writing: \(reason)")
        }
        var info = stat()
        fstat(descriptor, &info)
        writer = LockedState(Writer(descriptor: descriptor, size: Int(info.st_size), lock: lock))
        (failures, failureSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The log at `path`, unless another dashboard is writing it: then the first of
    /// `activity-2.log` ... `activity-9.log` beside it that none is. Each name is claimed by an
    /// advisory lock on `NAME.lock` held while this process lives (the kernel lets it go when
    /// the process ends, however it ends), so two dashboards never share a file or rotate each
    /// other's. `path` tells which one it got.
    public static func openUnshared(path: String, maxBytes: Int = 1 << 20, keptFiles: Int = 3)
        throws(ActivityLogError) -> ActivityLogFile {
        // A device or FIFO (`--log-file /dev/null`) is not a log to share or rotate, and its
        // folder no place for a lock file.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            return try ActivityLogFile(path: path, maxBytes: maxBytes, keptFiles: keptFiles)
        }
        for candidate in candidatePaths(for: path) {
            do {
                return try ActivityLogFile(path: candidate, maxBytes: maxBytes, keptFiles: keptFiles,
                                           lockFile: candidate + ".lock")
            } catch where error.isInUse {
                continue
            }
        }
        throw ActivityLogError("\(ShellQuoting.quoted(path)) and the other names beside it are in use by other dashboards")
    }

    /// `activity.log`, `activity-2.log`, ... `activity-9.log`: the number before the extension,
    /// so the rotated generations (`activity-2.log.1`) still sort beside their file.
    static func candidatePaths(for path: String) -> [String] {
        let name = path as NSString
        let stem = name.deletingPathExtension, suffix = name.pathExtension.isEmpty ? "" : "." + name.pathExtension
        return [path] + (2...9).map { "\(stem)-\($0)\(suffix)" }
    }

    private static func lock(_ path: String) throws(ActivityLogError) -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ActivityLogError("cannot open \(ShellQuoting.quoted(path)) for writing: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw ActivityLogError(inUse: path) }
            throw ActivityLogError("cannot lock \(ShellQuoting.quoted(path)): \(String(cString: strerror(code)))")
        }
        return descriptor
    }

    /// Why the log stopped, if it did, with the lines lost so far.
    public var failure: ActivityLogFailure? {
        writer.withLock { $0.failure }
    }

    deinit {
        writer.withLock {
            if $0.descriptor >= 0 { close($0.descriptor) }
            if $0.lock >= 0 { close($0.lock) }
        }
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
        let stopped: ActivityLogFailure? = writer.withLock { writer in
            if writer.failure != nil {
                writer.failure?.linesNotWritten += 1
                return nil
            }
            if writer.size > 0, writer.size + bytes.count > maxBytes, let failure = rotate(&writer) {
                return stop(&writer, failure)
            }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Foundation.write(writer.descriptor, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                if written <= 0 {
                    let code = written < 0 ? errno : ENOSPC
                    return stop(&writer, ActivityLogFailure(path: path, errorNumber: code, lastLineCut: offset > 0))
                }
                offset += written
                writer.size += written
            }
            return nil
        }
        // Published outside the lock: the stream's consumer may run at once.
        if let stopped {
            failureSink.yield(stopped)
            failureSink.finish()
        }
    }

    private func stop(_ writer: inout Writer, _ failure: ActivityLogFailure) -> ActivityLogFailure {
        if writer.descriptor >= 0 { close(writer.descriptor) }
        writer.descriptor = -1
        writer.failure = failure
        return failure
    }

    /// Moves the generations up one and opens a new file; the failure if it cannot be opened.
    private func rotate(_ writer: inout Writer) -> ActivityLogFailure? {
        close(writer.descriptor)
        for generation in stride(from: keptFiles - 1, through: 1, by: -1) {
            rename("\(path).\(generation)", "\(path).\(generation + 1)")
        }
        rename(path, "\(path).1")
        writer.descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        writer.size = 0
        return writer.descriptor < 0 ? ActivityLogFailure(path: path, errorNumber: errno, lastLineCut: false) : nil
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
    /// Another process holds the log's lock.
    let isInUse: Bool

    init(_ description: String) {
        self.description = description
        isInUse = false
    }

    init(inUse lockPath: String) {
        description = "\(ShellQuoting.quoted(lockPath)) is held by another dashboard"
        isInUse = true
    }
}
