import Foundation
import LogTail

/// Why a recording stopped before the run ended (a full disk, a file size limit, a restart of
/// the run), when, and what the file keeps: said on screen at once and again after exit.
public struct RecordingFailure: Sendable, Equatable, Error {
    public let path: String
    /// `No space left on device`, `File too large`, `the run was restarted`...
    public let reason: String
    /// Wall-clock time it stopped, `hh:mm:ss`.
    public let time: String
    /// The sequence number of the last event the file keeps (0: none).
    public let lastRecorded: UInt64
    /// The run was restarted (`R`): the file is whole, it only ends early. Any other stop is a
    /// failed write.
    public let isRestart: Bool

    static func restart(path: String, lastRecorded: UInt64) -> RecordingFailure {
        RecordingFailure(path: path, reason: "the run was restarted", lastRecorded: lastRecorded, isRestart: true)
    }

    init(path: String, reason: String, lastRecorded: UInt64, isRestart: Bool = false, at date: Date = Date()) {
        self.path = path
        self.reason = reason
        self.lastRecorded = lastRecorded
        self.isRestart = isRestart
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        time = formatter.string(from: date)
    }

    /// The header's note while the dashboard runs.
    public var screenNote: String { "recording stopped \(time): \(reason)" }

    /// The line printed after the dashboard exits.
    public var afterExitNote: String {
        let kept = lastRecorded == 0 ? "it keeps no event" : "it keeps events 1 to \(lastRecorded), whole lines only"
        return "the recording \(ShellQuoting.quoted(path)) stopped at \(time): \(reason); \(kept)"
    }
}
