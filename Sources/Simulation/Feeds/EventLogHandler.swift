import AsyncDemoCore
import Logging

/// A swift-log handler that puts each line of the simulation's activity log into the event log,
/// as a `logLine` event at the simulated instant it was said.
struct EventLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let events: EventLog

    init(events: EventLog) { self.events = events }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let text = ActivityLine.message("\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 })
        events.append(.logLine(level: event.level.rawValue, message: text))
    }
}
