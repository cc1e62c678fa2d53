import AsyncDemoCore
import Tracing

/// A swift-distributed-tracing `Tracer` that shows spans as tasks on the dashboard's board: a
/// span is spawned (named for its operation, of kind `span.server`, `span.client`...; the span
/// of its context is its parent) and running until it ends, completed, or failed when it
/// recorded an error or an error status. Its events become log lines; its attributes and links
/// are the fields of its end. Install it with `InstrumentationSystem.bootstrap(probe.tracer)`.
public struct ProbeTracer: Tracer {
    public typealias Span = ProbeSpan

    let probe: Probe

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> InstrumentationContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> ProbeSpan {
        var spanContext = context()
        let parent = spanContext.probeTask
        let taskKind = Self.taskKind(of: kind)
        let shownName = ServerSpanName.shown(operationName, attributes: [:])
        let id = probe.registry.begin(name: shownName, kind: taskKind, parent: parent)
        probe.ring.append(.taskSpawned(task: id, name: shownName, kind: taskKind, parent: parent))
        probe.ring.append(.taskStateChanged(task: id, state: .running))
        spanContext.probeTask = id
        return ProbeSpan(task: id, context: spanContext, operationName: operationName, shownName: shownName, probe: probe)
    }

    /// Spelled out: interpolating the enum (`"span.\(kind)"`) goes through reflection, on every
    /// request of a traced server.
    static func taskKind(of kind: SpanKind) -> String {
        switch kind {
        case .server: "span.server"
        case .client: "span.client"
        case .producer: "span.producer"
        case .consumer: "span.consumer"
        case .internal: "span.internal"
        }
    }

    public func forceFlush() {}

    /// Spans are not carried to other processes: the probe watches one program.
    public func inject<Carrier, Inject: Injector>(_ context: InstrumentationContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {}

    public func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout InstrumentationContext, using extractor: Extract)
    where Extract.Carrier == Carrier {}
}

extension Probe {
    /// The probe's tracer; bootstrap it, or put it beside another in a `MultiplexInstrument`.
    public var tracer: ProbeTracer { ProbeTracer(probe: self) }
}
