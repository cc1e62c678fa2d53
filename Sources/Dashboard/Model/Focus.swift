import TerminalKit

/// A pane the focus can rest on: the four panes, and a lesson scene while one is shown; the
/// Timeline while `T` shows it in the Queue's place.
public enum PaneID: Hashable, Sendable {
    case log, workers, queue, tasks, scene
    case timeline
}

/// Which pane has the focus (Tab) and which one is zoomed (`z`). What is stored is what the
/// person asked for; `DashboardModel.focusedPane` and `zoomedPane` say what is on screen, since a
/// scene that starts takes the focus and a pane that leaves the screen cannot keep it.
public struct PaneFocus: Sendable, Equatable {
    /// The pane last given the focus.
    public var pane: PaneID = .tasks
    /// The focus to go back to when a scene ends.
    var outsideScene: PaneID = .tasks
    /// The run of the scene the focus was last set under: a newer scene takes the focus.
    var sceneRun: Int?
    /// Zoomed to the whole screen while it keeps the focus.
    var zoomed: PaneID?
}

extension DashboardModel {
    /// The pane the navigation keys act on now, framed and marked on screen.
    public var focusedPane: PaneID {
        if let scene, scene.pick.run != focus.sceneRun { return .scene }
        let ring = focusRing
        if ring.contains(focus.pane) { return focus.pane }
        if ring.contains(focus.outsideScene) { return focus.outsideScene }
        return ring.first ?? .tasks
    }

    /// The pane that fills the screen, if one does: only while it has the focus.
    public var zoomedPane: PaneID? {
        focus.zoomed == focusedPane ? focus.zoomed : nil
    }

    /// The panes Tab visits, in screen order: those the unzoomed layout shows.
    var focusRing: [PaneID] { unzoomedLayout.panes.map(\.id) }

    /// The panes where they are without zoom: what Tab goes round, and what a zoom returns to.
    var unzoomedLayout: DashboardLayout {
        DashboardLayout.unzoomed(size: size, hasScene: scene != nil, followsSceneLog: scene?.transcript?.followedLog != nil,
                                 showsTimeline: timeline.isShown)
    }

    mutating func setFocus(_ pane: PaneID) {
        let wasZoomed = zoomedPane != nil
        focus.pane = pane
        if pane != .scene { focus.outsideScene = pane }
        focus.sceneRun = scene?.pick.run
        // Zoomed, Tab shows the next pane zoomed, as tmux's next-pane does in a zoomed window.
        focus.zoomed = wasZoomed ? pane : nil
    }

    /// Tab (`by` 1) and Shift-Tab (-1), round the ring.
    mutating func moveFocus(by offset: Int) {
        let ring = focusRing
        guard !ring.isEmpty else { return }
        let index = ring.firstIndex(of: focusedPane) ?? 0
        setFocus(ring[(index + offset + ring.count) % ring.count])
    }

    mutating func toggleZoom() {
        let pane = focusedPane
        setFocus(pane)
        focus.zoomed = zoomedPane == nil ? pane : nil
    }
}

extension KeyMap {
    /// What a navigation key's action means in the focused pane. The bindings name each key's
    /// action in its own pane (↑↓ the Tasks, PgUp/PgDn, Home/End and `/` the Log); in the other
    /// of the two they act there instead. With the Workers, the Queue or a scene focused, which
    /// have nothing to move through, they keep their own pane's meaning. With the Timeline
    /// focused, ← → pan it (paused) and End brings it back to now; ↑↓ still select the task.
    static func routed(_ action: Action, focus: PaneID) -> Action {
        switch (action, focus) {
        case (.selectPreviousTask, .log): .scrollLogLineBack
        case (.selectNextTask, .log): .scrollLogLineForward
        case (.scrollLogBack, .tasks): .selectTaskPageBack
        case (.scrollLogForward, .tasks): .selectTaskPageForward
        case (.scrollLogToOldest, .tasks): .selectFirstTask
        case (.followLog, .tasks): .selectLastTask
        case (.sortByPreviousColumn, .timeline): .panTimelineBack
        case (.sortByNextColumn, .timeline): .panTimelineForward
        case (.followLog, .timeline): .panTimelineToNow
        case (.startLogFilter, _): searchAction(for: focus)
        default: action
        }
    }

    /// The one place that decides what `/` starts in the focused pane: with the Tasks focused it
    /// searches their names (as k9s and htop do), anywhere else it filters the log.
    static func searchAction(for focus: PaneID) -> Action {
        switch focus {
        case .tasks: .searchTasks
        case .log, .workers, .queue, .scene, .timeline: .startLogFilter
        }
    }
}
