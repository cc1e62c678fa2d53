import Foundation
import LogTail

/// Why the activity log stopped being written (a full disk, a file size limit), when, and what
/// was lost: said in the Log pane at once and after the dashboard exits.
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

    init(path: String, errorNumber: Int32, lastLineCut: Bool, at date: Date = Date()) {
        self.path = path
        reason = String(cString: strerror(errorNumber))
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        time = formatter.string(from: date)
        self.lastLineCut = lastLineCut
        linesNotWritten = lastLineCut ? 0 : 1
    }

    /// The Log pane's status row while it follows the stopped log.
    public var paneStatus: String {
        "writing stopped at \(time): \(reason)"
    }

    /// The line printed after the dashboard exits.
    public var afterExitNote: String {
        let cut = lastLineCut ? "its last line is cut, and " : ""
        let lost = linesNotWritten == 1 ? "1 line was" : "\(linesNotWritten) lines were"
        return "the activity log \(ShellQuoting.quoted(path)) stopped at \(time): \(reason); \(cut)\(lost) not written"
    }
}
