import Dashboard
import Foundation
import LogTail
import Simulation

/// The recording and the trace a run writes (`--record FILE`, `--trace FILE`): opened before
/// the run starts, so a file that cannot be created is refused in one line before the terminal
/// is touched; finished after it ends. A trace without `--record` is made from a recording in
/// the temporary folder, removed once the trace is written.
struct RunRecorder {
    let writer: RecordingWriter
    private let tracePath: String?
    /// The recording made only for the trace, removed after it.
    private let temporaryRecording: String?

    /// nil when neither file is asked for.
    static func open(recordPath: String?, tracePath: String?, settings: ScenarioSettings) throws(RecordingRefusal) -> RunRecorder? {
        guard recordPath != nil || tracePath != nil else { return nil }
        if let tracePath { try TraceExport.checkWritable(tracePath) }
        let temporary = recordPath == nil
            ? (NSTemporaryDirectory() as NSString).appendingPathComponent("\(AppInfo.name)-trace-\(getpid())-\(UUID().uuidString).jsonl")
            : nil
        guard let path = recordPath ?? temporary else { return nil }
        let writer = try RecordingWriter(path: path, header: RecordingHeader(programVersion: AppInfo.version, settings: settings))
        return RunRecorder(writer: writer, tracePath: tracePath, temporaryRecording: temporary)
    }

    /// Writes what is left (up to event `last`), then the trace; the lines to print after, each
    /// a whole sentence, and whether all went well.
    func finish(through last: UInt64 = .max) async -> (notes: [String], succeeded: Bool) {
        let summary = await writer.finish(through: last)
        var notes: [String] = []
        var succeeded = true
        if temporaryRecording == nil, let note = summary.afterExitNote {
            notes.append(note)
            succeeded = summary.failure?.isRestart ?? true
        }
        if let tracePath {
            do {
                let outcome = try await TraceExport.run(recordingPath: writer.path, output: tracePath)
                notes += outcome.notes
                if let failure = summary.failure, temporaryRecording != nil {
                    notes.append("the trace \(ShellQuoting.quoted(tracePath)) ends at \(failure.time): its recording stopped: \(failure.reason)")
                    succeeded = succeeded && failure.isRestart
                }
            } catch {
                notes.append(error.description)
                succeeded = false
            }
        }
        if let temporaryRecording { unlink(temporaryRecording) }
        return (notes, succeeded)
    }
}
