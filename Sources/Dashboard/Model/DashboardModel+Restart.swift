import Simulation
import TerminalKit

/// A question the bottom line asks before a key's action that cannot be undone.
public enum Confirmation: Hashable, Sendable {
    /// `C`: cancel every task.
    case cancelAll
}

/// Cancelling everything (after a y/n question) and restarting the scenario (`R`).
extension DashboardModel {
    /// The question as the bottom line asks it, e.g. "Cancel all 12 tasks? y/n".
    public var confirmationPrompt: String? {
        switch confirmation {
        case .cancelAll:
            let live = tasks?.live.count ?? 0
            return "Cancel all \(live) \(live == 1 ? "task" : "tasks")? y/n"
        case nil: return nil
        }
    }

    /// `y` carries the asked action out; any other key (`n`, Esc) only takes the question away.
    mutating func answerConfirmation(_ key: KeyEvent) {
        defer { confirmation = nil }
        guard key == .character("y") || key == .character("Y") else { return }
        switch confirmation {
        case .cancelAll: commands.append(.cancelAll)
        case nil: break
        }
    }

    /// Forgets the run on screen and asks for the scenario afresh: the panes wait for the new
    /// run's first frame, the clock runs at the start's speed, unpaused; the person's way of
    /// looking (sort, state filter) stays.
    mutating func restart() {
        overlay = nil
        confirmation = nil
        isPaused = false
        speed = startSpeed
        uptime = .zero
        simulationNow = nil
        droppedEvents = 0
        workers = nil
        queue = nil
        tasks = nil
        taskView.selected = nil
        if !followsFile {
            log = nil
            logView = LogView()
        }
        scene = nil
        scenesStarted = 0
        commands = []
        helpFirstRow = 0
        restartRequested = true
    }
}
