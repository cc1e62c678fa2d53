import AsyncDemoCore
import Instrumentation
import Logging

/// A swift-log handler whose lines reach the dashboard's Log pane, as `message key=value...`,
/// naming the tracked task or span that said it. Sits beside the program's own handler:
///
///     LoggingSystem.bootstrap { label in
///         MultiplexLogHandler([StreamLogHandler.standardOutput(label: label), probe.logHandler(label: label)])
///     }
public struct ProbeLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public let label: String
    private let probe: Probe

    init(label: String, probe: Probe) {
        self.label = label
        self.probe = probe
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        guard probe.ring.isAttached else { return }
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let text = "\(event.message)" + merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        var fields = ["logger": label]
        if let task = InstrumentationContext.current?.probeTask { fields["task"] = String(task.rawValue) }
        probe.ring.append(.logLine(level: event.level.rawValue, message: text), fields: fields)
    }
}

extension Probe {
    public func logHandler(label: String) -> ProbeLogHandler { ProbeLogHandler(label: label, probe: self) }
}
