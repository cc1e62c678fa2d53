import AsyncDemoCore

/// Where a scene shows an example's own tasks: on the dashboard's task board, under the lesson's
/// task. The plain command and the lesson tests run without one, so there tracking awaits nothing
/// and changes nothing.
public struct LessonTaskTracker: Sendable {
    /// Registers task `name` as a child of `parent`, or of the lesson's task when nil; the board
    /// calls `cancel` when someone cancels it there, and then waits for it to report its end.
    let begin: @Sendable (_ name: String, _ parent: TaskID?, _ cancel: @escaping @Sendable () -> Void) async -> TaskID
    /// Reports a tracked task's new state.
    let report: @Sendable (TaskID, TaskState) async -> Void

    public init(
        begin: @escaping @Sendable (_ name: String, _ parent: TaskID?, _ cancel: @escaping @Sendable () -> Void) async -> TaskID,
        report: @escaping @Sendable (TaskID, TaskState) async -> Void
    ) {
        self.begin = begin
        self.report = report
    }
}
