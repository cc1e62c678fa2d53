import Simulation
import TerminalKit

extension DashboardModel {
    /// The model's one door: every key, resize, signal, frame and tick comes in here, and what
    /// must happen outside the model comes back as effects, in order.
    public mutating func update(_ event: DashboardEvent) -> [Effect] {
        switch event {
        case .key(let key):
            let wasPaused = isPaused, filter = logView.filter, search = taskView.search.query
            if !scrollSceneTranscript(with: key) { handle(key) }
            // A restart begins the run afresh: nothing of the old one (a note, a command) goes with it.
            if restartRequested {
                restartRequested = false
                return [.restartScenario]
            }
            var effects = takeCommands().map(Effect.perform)
            if wasPaused != isPaused { effects.append(.note(isPaused ? "paused" : "resumed")) }
            if filter != logView.filter {
                effects.append(.note(logView.filter.map { "log filter set to \"\($0)\"" } ?? "log filter cleared"))
            }
            if search != taskView.search.query {
                effects.append(.note(taskView.search.query.map { "task search set to \"\($0)\"" } ?? "task search cleared"))
            }
            if let exitStatus { effects.append(.exit(exitStatus)) }
            return effects
        case .mouse(let mouse):
            handle(mouse)
            return takeCommands().map(Effect.perform)
        case .resized(let newSize):
            let changed = newSize != size
            size = newSize
            return changed ? [.redrawAll, .note("terminal resized to \(newSize)")] : [.redrawAll]
        case .signal(.suspend):
            return [.suspendToShell, .redrawAll]
        case .signal(let signal):
            exitStatus = signal.exitStatus
            return [.exit(signal.exitStatus)]
        case .frame(let frame):
            workers = frame.workers
            queue = frame.queue
            // Sorting and filtering the rows is most of a frame's Tasks pane: only a board that
            // changed is taken, not every frame of a running clock.
            if tasks?.version != frame.tasks.version { tasks = frame.tasks }
            simulationNow = frame.instant
            droppedEvents = frame.droppedEvents
            if !followsFile { receive(activityShown(frame.activity)) }
            if let lesson = frame.lesson { receive(lesson) }
            return []
        case .followedLog(let snapshot):
            receive(snapshot)
            return []
        case .activityLogStopped(let sentence):
            activityLogProblem = sentence
            if !followsFile, let log { receive(activityShown(log)) }
            return []
        case .recordingStopped(let note):
            recordingProblem = note
            return []
        case .tick(let tick):
            uptime = tick.uptime
            framesPerSecond = tick.framesPerSecond
            stats = tick.stats
            return []
        }
    }

    /// The activity log as the pane shows it: once its file stopped being written, the status
    /// says so whatever the lines do.
    private func activityShown(_ activity: LogSnapshot) -> LogSnapshot {
        guard let activityLogProblem else { return activity }
        var shown = activity
        shown.status = .problem(activityLogProblem)
        return shown
    }
}
