
/// What the Log pane shows, as the log feed last published it. Lines are already display-safe.
public struct LogSnapshot: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case starting
        case following
        case waiting(reason: String)
        /// The file was rotated, replaced or truncated at this wall-clock time ("hh:mm:ss").
        case restarted(what: String, at: String)
        case problem(String)
        /// No longer followed, and why (a lesson scene's log once its example is done with it).
        case stopped(String)
    }

    public var path: String
    public var status: Status = .starting
    /// Oldest first; at most the feed's history limit.
    public var lines = LineHistory()
    /// Every line received since the start, including those that fell out of the history.
    public var totalLines = 0
    public var linesPerSecond = 0

    public init(path: String) { self.path = path }

    public var fileName: String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
