import AsyncDemoCore
import Locking
import Tracing

/// A span of `ProbeTracer`: a task on the board from its start to its `end`.
public final class ProbeSpan: Span {
    public let context: InstrumentationContext
    /// Its task on the board.
    public let task: TaskID
    private let probe: Probe

    private struct State {
        var operationName: String
        /// Its name on the board (`ServerSpanName`), said again whenever it changes.
        var shownName: String
        var attributes: SpanAttributes = [:]
        var failure: String?
        var links: [TaskID] = []
        var ended = false

        /// The name the board should now show, if it is not the one it shows.
        mutating func renamed() -> String? {
            let name = ServerSpanName.shown(operationName, attributes: attributes)
            guard name != shownName else { return nil }
            shownName = name
            return name
        }
    }

    private let state: LockedState<State>

    init(task: TaskID, context: InstrumentationContext, operationName: String, shownName: String, probe: Probe) {
        self.task = task
        self.context = context
        self.probe = probe
        state = LockedState(State(operationName: operationName, shownName: shownName))
    }

    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set {
            let renamed = state.withLock { state in
                state.operationName = newValue
                return state.renamed()
            }
            if let renamed { tell(renamed) }
        }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set {
            let renamed = state.withLock { state -> String? in
                state.attributes = newValue
                // Only a request not yet routed takes its name from its attributes.
                return ServerSpanName.isPlaceholder(state.operationName) ? state.renamed() : nil
            }
            if let renamed { tell(renamed) }
        }
    }

    /// Said at once, and to a dashboard attaching later: a request's span is named for its
    /// route while it runs.
    private func tell(_ name: String) {
        probe.registry.rename(task, to: name)
        probe.ring.append(.taskRenamed(task: task, name: name))
    }

    public var isRecording: Bool { state.withLock { !$0.ended } }

    public func setStatus(_ status: SpanStatus) {
        guard status.code == .error else { return }
        state.withLock { $0.failure = $0.failure ?? status.message ?? "error status" }
    }

    /// A log line of the span's task: `operation: event key=value...`.
    public func addEvent(_ event: SpanEvent) {
        guard probe.ring.isAttached else { return }
        let name = state.withLock { $0.shownName }
        probe.ring.append(
            .logLine(level: "info", message: "\(name): \(event.name)" + Self.text(of: event.attributes)),
            fields: ["task": String(task.rawValue)])
    }

    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        let description = String(describing: error)
        let name = state.withLock { state in
            state.failure = description
            return state.shownName
        }
        probe.ring.append(
            .logLine(level: "error", message: "\(name): \(description)" + Self.text(of: attributes)),
            fields: ["task": String(task.rawValue)])
    }

    /// Kept when the other span is one of this probe's: its task id is in the end's `links`.
    public func addLink(_ link: SpanLink) {
        guard let other = link.context.probeTask else { return }
        state.withLock { $0.links.append(other) }
    }

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard let (failure, attributes, links) = state.withLock({ state -> (String?, SpanAttributes, [TaskID])? in
            guard !state.ended else { return nil }
            state.ended = true
            return (state.failure, state.attributes, state.links)
        }) else { return }
        probe.registry.ended(task)
        // With no dashboard attached the event is not kept, so its fields are not built: the
        // attributes' descriptions allocate, on every request of a traced server.
        guard probe.ring.isAttached else { return }
        // Outside the lock: an attribute's description is the program's code.
        var fields: [String: String] = [:]
        attributes.forEach { key, value in fields[key] = Self.text(of: value) }
        if !links.isEmpty { fields["links"] = links.map { String($0.rawValue) }.joined(separator: ",") }
        probe.ring.append(.taskFinished(task: task, state: failure.map { .failed($0) } ?? .completed),
                          fields: fields.isEmpty ? nil : fields)
    }

    private static func text(of attributes: SpanAttributes) -> String {
        var pairs: [(String, String)] = []
        attributes.forEach { pairs.append(($0, text(of: $1))) }
        return pairs.sorted { $0.0 < $1.0 }.map { " \($0.0)=\($0.1)" }.joined()
    }

    static func text(of value: SpanAttribute) -> String {
        switch value {
        case .int32(let value): String(value)
        case .int64(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        case .string(let value): value
        case .stringConvertible(let value): value.description
        case .int32Array(let values): values.map(String.init).joined(separator: ",")
        case .int64Array(let values): values.map(String.init).joined(separator: ",")
        case .doubleArray(let values): values.map { String($0) }.joined(separator: ",")
        case .boolArray(let values): values.map { String($0) }.joined(separator: ",")
        case .stringArray(let values): values.joined(separator: ",")
        case .stringConvertibleArray(let values): values.map(\.description).joined(separator: ",")
        default: String(describing: value)
        }
    }
}
