import AsyncDemoCore
import Instrumentation

/// A throwing task group whose children are tracked tasks: each on the board (a child of the
/// group's own task), shown running, waiting on the probe's primitives and ending as
/// `Probe.task`'s do, and each cancellable alone from the dashboard (`{"cancel":N}`), as Swift
/// offers no way to cancel one child of a group from outside it: each child runs its work beside
/// a small watcher in a group of its own, and a cancel from the dashboard wakes the watcher,
/// which cancels that group only. Made by `Probe.taskGroup(_:of:body:)`; used as the group it
/// wraps, and, like it, never to be copied out of the body.
public struct ProbeTaskGroup<ChildResult: Sendable> {
    private var group: ThrowingTaskGroup<ChildResult, any Error>
    private let probe: Probe
    /// The group's own task on the board, parent of every child.
    public let task: TaskID

    init(group: ThrowingTaskGroup<ChildResult, any Error>, probe: Probe, task: TaskID) {
        self.group = group
        self.probe = probe
        self.task = task
    }

    /// Starts `operation` as a child named `name` on the board.
    public mutating func addTask(
        _ name: String, kind: String = "task", operation: @escaping @Sendable () async throws -> ChildResult
    ) {
        var context = InstrumentationContext.current ?? .topLevel
        let request = ProbeCancelRequest()
        let id = probe.registry.begin(name: name, kind: kind, parent: task) { request.fire() }
        probe.ring.append(.taskSpawned(task: id, name: name, kind: kind, parent: task))
        context.probeTask = id
        group.addTask { [probe, context] in
            try await InstrumentationContext.$current.withValue(context) {
                try await probe.run(id) { try await request.cancelling(operation) }
            }
        }
    }

    /// The next child's result as it ends, nil when none is left; rethrows a child's error.
    public mutating func next() async throws -> ChildResult? { try await group.next() }

    /// Waits for every child; rethrows the first error (after all have ended, as the group
    /// it wraps does).
    public mutating func waitForAll() async throws { try await group.waitForAll() }

    public func cancelAll() { group.cancelAll() }

    public var isEmpty: Bool { group.isEmpty }
}

extension Probe {
    /// Runs `body` with a task group of tracked children (see `ProbeTaskGroup`) as a task named
    /// `name` on the board (a child of the tracked task or span that runs it), which ends when
    /// the group does: completed, failed with the error `body` threw, or cancelled. Structured
    /// as `withThrowingTaskGroup`: every child ends before this returns. A cancel of the group's
    /// own task from the dashboard cancels each child it runs then.
    ///
    ///     let pages = try await probe.taskGroup("crawl", of: Page.self) { group in
    ///         for url in urls { group.addTask("fetch \(url)") { try await fetch(url) } }
    ///         var pages: [Page] = []
    ///         while let page = try await group.next() { pages.append(page) }
    ///         return pages
    ///     }
    public func taskGroup<ChildResult: Sendable, GroupResult>(
        _ name: String, kind: String = "group", of childResult: ChildResult.Type = ChildResult.self,
        isolation: isolated (any Actor)? = #isolation,
        body: (inout ProbeTaskGroup<ChildResult>) async throws -> GroupResult
    ) async throws -> GroupResult {
        var context = InstrumentationContext.current ?? .topLevel
        let parent = context.probeTask
        let id = registry.begin(name: name, kind: kind, parent: parent)
        ring.append(.taskSpawned(task: id, name: name, kind: kind, parent: parent))
        registry.setCancel(of: id) { [registry] in _ = registry.cancelChildren(of: id) }
        context.probeTask = id
        return try await InstrumentationContext.$current.withValue(context, operation: {
            try await run(id, isolation: isolation) {
                try await withThrowingTaskGroup(of: ChildResult.self, returning: GroupResult.self, isolation: isolation) { group in
                    // Every child ends inside the group's life (the group waits for them, as
                    // any task group does), so its end comes before the group's.
                    var tracked = ProbeTaskGroup(group: group, probe: self, task: id)
                    return try await body(&tracked)
                }
            }
        }, isolation: isolation)
    }
}
