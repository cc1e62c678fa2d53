import AsyncDemoCore
import LogTail

/// A recording as `RecordingReader` read it: its header, its events in order, and, when the
/// file is damaged, where reading stopped. What a replay folds and a trace is drawn from.
public struct Recording: Sendable {
    public let header: RecordingHeader
    /// Every event up to the end of the file or to the damage, in sequence order.
    public let events: [SimulationEvent]
    /// Why reading stopped before the file's end (a damaged line, a line cut mid-write), as one
    /// line naming the line number; nil when the file was read to its end.
    public let stop: String?
    /// Events missing between two read ones: the event log dropped them before they were written.
    public let gaps: [Gap]
    /// Lines of event kinds this version does not know (written by a newer minor version), skipped.
    public let skippedLines: Int

    public struct Gap: Sendable, Equatable, CustomStringConvertible {
        /// The last event before the gap (0: the gap is at the start) and the first after it.
        public let after: UInt64
        public let next: UInt64

        public init(after: UInt64, next: UInt64) {
            self.after = after
            self.next = next
        }

        public var description: String {
            next - after == 2 ? "event \(after + 1) is missing" : "events \(after + 1) to \(next - 1) are missing"
        }
    }

    /// The one line to say about gaps, if any: the reader sees fewer events than were logged.
    public var gapNote: String? {
        guard let first = gaps.first else { return nil }
        let missing = gaps.reduce(UInt64(0)) { $0 + $1.next - $1.after - 1 }
        let more = gaps.count > 1 ? " and \(gaps.count - 1) more gaps" : ""
        return "\(missing) events were dropped while recording (\(first)\(more))"
    }
}
