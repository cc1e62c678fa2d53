import AsyncDemoCore
import Instrumentation

/// The tracked task or span an `InstrumentationContext` belongs to: how a span finds its
/// parent, a primitive its holder, and a log line its task, through the context the program
/// already carries (`withSpan` makes it current; so does `Probe.task`).
enum ProbeTaskKey: InstrumentationContextKey {
    typealias Value = TaskID
    static let nameOverride: String? = "asyncdemo-probe-task"
}

extension InstrumentationContext {
    var probeTask: TaskID? {
        get { self[ProbeTaskKey.self] }
        set { self[ProbeTaskKey.self] = newValue }
    }
}
