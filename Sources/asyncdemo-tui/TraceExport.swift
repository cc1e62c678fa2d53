import Dashboard
import Dispatch
import Foundation
import LogTail
import Simulation

/// A recording turned into a Chrome trace file (`trace`, and `--trace` at exit), on a queue of
/// its own: reading an hour's recording and writing its trace take seconds of file work, which
/// belongs on no Task's thread.
enum TraceExport {
    /// What came of it: the notes to print (where a damaged recording stopped, its gaps), and
    /// whether the recording was read to its end.
    struct Outcome: Sendable {
        let notes: [String]
        let readWhole: Bool
    }

    private static let queue = DispatchQueue(label: "trace export")

    /// Writes the trace of the recording at `recordingPath` to `output` (`-`: standard output).
    static func run(recordingPath: String, output: String) async throws(RecordingRefusal) -> Outcome {
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<Outcome, RecordingRefusal>, Never>) in
            queue.async { done.resume(returning: Result { () throws(RecordingRefusal) in try convert(recordingPath, output) }) }
        }
        return try result.get()
    }

    private static func convert(_ recordingPath: String, _ output: String) throws(RecordingRefusal) -> Outcome {
        let recording = try RecordingReader.read(path: recordingPath)
        let text = ChromeTrace.json(of: recording)
        if output == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw RecordingRefusal("cannot write the trace \(ShellQuoting.quoted(output)): \(ErrorCause.text(of: error))")
            }
        }
        return Outcome(notes: [recording.stop, recording.gapNote].compactMap { $0 }, readWhole: recording.stop == nil)
    }

    /// Creates (or empties) `path` now, so a trace that could not be written at exit is refused
    /// before the run starts.
    static func checkWritable(_ path: String) throws(RecordingRefusal) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RecordingRefusal("cannot create the trace \(ShellQuoting.quoted(path)): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }
}
