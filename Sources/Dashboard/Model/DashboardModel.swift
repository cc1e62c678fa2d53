import TerminalKit

public enum Overlay: Hashable, Sendable {
    case help
}

/// All the state the view draws from. It changes only through `apply(_:)` (keys) and the
/// runner's clock and size updates; the view is a pure function of it.
public struct DashboardModel: Sendable {
    public var size: Size
    public var overlay: Overlay?
    public var isPaused = false
    /// Simulation time: runs with the clock, stands still while paused.
    public var uptime: Duration = .zero
    public var framesPerSecond = 0
    public var liveTasks = 0
    /// The newest snapshot from the log feed; nil when no file is followed.
    public var log: LogPaneSnapshot?
    public var logView = LogView()
    /// Set when the app should end, with the process exit status.
    public var exitStatus: Int32?

    public init(size: Size) {
        self.size = size
    }

    public mutating func apply(_ action: Action) {
        switch action {
        case .quit: exitStatus = 0
        case .toggleHelp: overlay = overlay == .help ? nil : .help
        case .closeOverlay: overlay = nil
        case .togglePause: isPaused.toggle()
        case .scrollLogBack: scrollLog(by: logPageSize)
        case .scrollLogForward: scrollLog(by: -logPageSize)
        case .scrollLogToOldest: scrollLog(by: Int.max / 2)
        case .followLog: logView.scrollBack = 0
        case .startLogFilter: logView.draft = logView.filter ?? ""
        }
    }

    /// Lines a page scrolls: the height of the log pane's line area.
    var logPageSize: Int { max(1, DashboardView.logLineRows(for: size)) }

    private mutating func scrollLog(by lines: Int) {
        let available = logView.passingCount(of: log?.lines ?? [])
        let mostBack = max(0, available - logPageSize)
        logView.scrollBack = min(mostBack, max(0, logView.scrollBack + lines))
    }

    /// Takes the feed's newest snapshot. While scrolled back, the view stays on the same lines
    /// as new ones arrive below them.
    public mutating func receive(_ snapshot: LogPaneSnapshot) {
        if !logView.isFollowing, logView.filter == nil, let previous = log {
            logView.scrollBack += snapshot.totalLines - previous.totalLines
        }
        log = snapshot
        scrollLog(by: 0)
    }

    /// Applies the key's action, if the key map has one; true when the key did something.
    @discardableResult
    public mutating func handle(_ key: KeyEvent) -> Bool {
        if overlay == nil, logView.edit(with: key) { return true }
        if key == .escape, overlay == nil, logView.filter != nil {
            logView.filter = nil
            return true
        }
        guard let action = KeyMap.action(for: key, in: self) else { return false }
        apply(action)
        return true
    }
}
