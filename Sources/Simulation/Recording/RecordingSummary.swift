import LogTail

/// What a finished recording holds: for the line after exit and for tests.
public struct RecordingSummary: Sendable, Equatable {
    public let path: String
    /// Event lines in the file (the header not counted).
    public let events: Int
    /// Events the event log dropped before the recording read them: the file's sequence numbers
    /// jump over them, and a reader reports the gap.
    public let droppedEvents: UInt64
    public let failure: RecordingFailure?

    /// What to say after exit, if anything went wrong.
    public var afterExitNote: String? {
        if let failure { return failure.afterExitNote }
        guard droppedEvents > 0 else { return nil }
        return "the recording \(ShellQuoting.quoted(path)) misses \(droppedEvents) events the event log dropped before they were written"
    }
}
