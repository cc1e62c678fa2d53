import Simulation
import TerminalKit

public enum AppInfo {
    public static let name = "asyncdemo-tui"
    public static let version = "0.1.0"
    /// Below this the dashboard shows a "terminal too small" notice instead of panes.
    public static let minimumSize = Size(width: 40, height: 12)
    /// From this width up the panes sit in a 2x2 grid; narrower, they stack.
    public static let gridMinimumWidth = 100
}
