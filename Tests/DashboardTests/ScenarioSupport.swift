import AsyncDemoCore
import Logging
import Locking
import Testing

@testable import Dashboard
@testable import Simulation

/// Collects the scenario's activity log in memory, one "level message" string per event.
final class LogRecorder: Sendable {
    private let lines = LockedState<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append("\(event.level) \(event.message)")
        }
    }
}

/// A scenario with nothing running unless `configure` asks for it, at 10x speed so simulated
/// seconds pass quickly.
func makeScenario(_ recorder: LogRecorder, configure: (inout ScenarioSettings) -> Void = { _ in }) -> DemoScenario {
    var settings = ScenarioSettings()
    settings.workers = 0
    settings.producers = 0
    settings.consumers = 0
    settings.speed = 10
    settings.failurePercent = 0
    configure(&settings)
    return DemoScenario(settings: settings, log: recorder.logger)
}
