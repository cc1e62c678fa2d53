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
        }
    }

    /// Applies the key's action, if the key map has one; true when the key did something.
    @discardableResult
    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard let action = KeyMap.action(for: key, in: self) else { return false }
        apply(action)
        return true
    }
}
