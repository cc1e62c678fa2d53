import AsyncDemoCore

/// A key the scene passes on to the example it shows.
public enum LessonControl: Sendable, Equatable {
    case togglePause, stop
}

/// What joins an example to the dashboard scene that shows it: where its marks go, and the keys
/// the scene passes on. The plain command runs without one, so an example that is driven from
/// the keyboard in the scene follows a script there.
public struct SceneLink: Sendable {
    /// Marks are read and handed over in one order (see `LessonContext.mark(reading:)`).
    let marks: MarkOrder
    /// The scene's keys for this run, in the order they were pressed. One consumer only.
    public let controls: AsyncStream<LessonControl>

    /// Blocks the calling (blocking-work) thread until the scene's own Log pane shows `count`
    /// lines of the file it follows, or a short limit passes: the log monitor's writer waits so,
    /// holding simulated time still, and the pane never lags the simulation it belongs to.
    public let waitUntilPaneShows: @Sendable (_ count: Int) -> Void
    /// Called from the simulation once that wait is over: the scene tells the event log the
    /// lines its pane read then, at a point of the simulation's own order (the pane's reading
    /// thread gets there whenever it gets there).
    public let paneShows: @Sendable (_ count: Int) -> Void

    public init(marks: @escaping @Sendable (SceneMark) -> Void, controls: AsyncStream<LessonControl>,
                waitUntilPaneShows: @escaping @Sendable (_ count: Int) -> Void = { _ in },
                paneShows: @escaping @Sendable (_ count: Int) -> Void = { _ in }) {
        self.marks = MarkOrder(handingTo: marks)
        self.controls = controls
        self.waitUntilPaneShows = waitUntilPaneShows
        self.paneShows = paneShows
    }
}
