import Simulation
import TerminalKit

/// Everything that can change the dashboard's model: the one kind of value its one door,
/// `DashboardModel.update(_:)`, takes.
public enum DashboardEvent: Sendable {
    case key(KeyEvent)
    /// A press or the wheel, in screen cells; hit-tested against the layout the view draws.
    case mouse(MouseEvent)
    case resized(Size)
    case signal(TerminalSignal)
    /// Every simulation pane at one instant.
    case frame(SimulationFrame)
    /// A past instant's panes, read from the event log, as `Effect.showPast` asked.
    case pastFrame(SimulationFrame)
    /// The past asked for cannot be shown (the event log no longer holds it), in a sentence.
    case pastUnavailable(String)
    /// The followed file's newest state (`--follow`), from its own feed.
    case followedLog(LogSnapshot)
    /// The activity log file stopped being written (a full disk), with the pane's sentence.
    case activityLogStopped(String)
    /// The recording (`--record`) stopped before the run's end (a full disk), with the header's note.
    case recordingStopped(String)
    /// The render loop is about to draw: its wall-clock figures for the header.
    case tick(DrawTick)
    /// A lesson scene asked for by its place in the catalog (`snapshot --scene`), started as its
    /// menu entry starts it.
    case startScene(lessonIndex: Int, exampleIndex: Int)
    /// The attached program's state and resources, with each frame of its stream.
    case attachment(Attachment)
    /// A cancel for the attached program could not be sent (the connection is closed or full).
    case attachCancelUnsent
    /// After the attached program exited, one of its name started again as `pid`.
    case successorStarted(pid: Int32)
    /// `r` could not attach to it: the one line that says why.
    case reattachFailed(String)
}
