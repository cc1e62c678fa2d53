import Foundation
import LogTail

/// Why the activity log stopped being written (a full disk, a file size limit), or could not be
/// opened at all, when, and what was lost: said in the Log pane at once and after the dashboard exits.
public struct ActivityLogFailure: Sendable, Equatable {
    public let path: String
    /// `No space left on device`, `File too large`, ...
    public let reason: String
    /// Wall-clock time of the failed write, `hh:mm:ss`.
    public let time: String
    /// Part of the last line reached the file before the write failed: it ends without a newline.
    public let lastLineCut: Bool
    /// Lines not written at all, the failed one included unless part of it was.
    public var linesNotWritten: Int
    /// False when the file could not be opened: then nothing of the run is written.
    public let wasOpened: Bool

    init(path: String, errorNumber: Int32, lastLineCut: Bool, at date: Date = Date()) {
        self.init(path: path, reason: String(cString: strerror(errorNumber)), at: date, lastLineCut: lastLineCut,
                  linesNotWritten: lastLineCut ? 0 : 1, wasOpened: true)
    }

    /// The log could not be opened (`reason` says why, e.g. `cannot create the folder ...`).
    public init(notOpened path: String, reason: String, at date: Date = Date()) {
        self.init(path: path, reason: reason, at: date, lastLineCut: false, linesNotWritten: 0, wasOpened: false)
    }

    private init(path: String, reason: String, at date: Date, lastLineCut: Bool, linesNotWritten: Int, wasOpened: Bool) {
        self.path = path
        self.reason = reason
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        time = formatter.string(from: date)
        self.lastLineCut = lastLineCut
        self.linesNotWritten = linesNotWritten
        self.wasOpened = wasOpened
    }

    /// The stream a log that never opened publishes: its one failure, at once.
    public var asStream: AsyncStream<ActivityLogFailure> {
        let failure = self
        return AsyncStream { continuation in
            continuation.yield(failure)
            continuation.finish()
        }
    }

    /// The Log pane's status row while it follows the stopped log.
    public var paneStatus: String {
        wasOpened ? "writing stopped at \(time): \(reason)" : "no activity log: \(reason)"
    }

    /// The line printed after the dashboard exits.
    public var afterExitNote: String {
        guard wasOpened else { return "no activity log: \(reason)" }
        let cut = lastLineCut ? "its last line is cut, and " : ""
        let lost = linesNotWritten == 1 ? "1 line was" : "\(linesNotWritten) lines were"
        return "the activity log \(ShellQuoting.quoted(path)) stopped at \(time): \(reason); \(cut)\(lost) not written"
    }
}
