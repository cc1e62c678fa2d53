import AsyncDemoCore
import Simulation
import TerminalKit

extension DashboardModel {
    /// The model's one door: every key, resize, signal, frame and tick comes in here, and what
    /// must happen outside the model comes back as effects, in order.
    public mutating func update(_ event: DashboardEvent) -> [Effect] {
        switch event {
        case .key(let key):
            footerNotice = nil
            let wasPaused = isPaused, filter = logView.filter, search = taskView.search.query
            if !scrollSceneTranscript(with: key) { handle(key) }
            // A restart begins the run afresh: nothing of the old one (a note, a command) goes with it.
            if restartRequested {
                restartRequested = false
                return [.restartScenario]
            }
            var effects = takeCommands().map(Effect.perform)
            if let instant = takePastRequest() { effects.append(.showPast(instant)) }
            if let target = replaySeek {
                replaySeek = nil
                effects.append(.seekReplay(target))
            }
            if let refused = replaySeekPrompt.refused {
                replaySeekPrompt.refused = nil
                footerNotice = refused
            }
            if wasPaused != isPaused { effects.append(.note(isPaused ? "paused" : "resumed")) }
            if filter != logView.filter {
                effects.append(.note(LogView.note(applied: logView.filter)))
            }
            if search != taskView.search.query {
                effects.append(.note(taskView.search.query.map { "task search set to \"\($0)\"" } ?? "task search cleared"))
            }
            if attachment?.takeReattachRequest() == true { effects.append(.reattach) }
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
            // Rewound, the panes stay in the past; the present waits to be shown again.
            if past != nil {
                past?.present = PresentPanes(frame)
            } else {
                show(frame)
            }
            return []
        case .pastFrame(let frame):
            receivePast(frame)
            return []
        case .pastUnavailable(let sentence):
            returnToPresent()
            footerNotice = sentence
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
        case .attachment(let attachment):
            take(attachment)
            return []
        case .successorStarted(let pid):
            attachment?.successorPid = pid
            return []
        case .reattachFailed(let line):
            attachment?.successorPid = nil
            footerNotice = line
            return []
        case .attachCancelUnsent:
            footerNotice = Self.cancelUnsent
            return []
        case .startScene(let lessonIndex, let exampleIndex):
            startScene(lessonIndex: lessonIndex, exampleIndex: exampleIndex)
            return takeCommands().map(Effect.perform)
        }
    }

    /// Every simulation pane at the frame's instant, the present's or a past one's.
    mutating func show(_ frame: SimulationFrame) {
        workers = frame.workers
        queue = frame.queue
        // Before the board: a sort by a breakdown column reads them.
        takeHistoryFigures(frame.history, at: frame.instant, board: frame.tasks)
        // Sorting and filtering the rows is most of a frame's Tasks pane: only a board that
        // changed is taken, not every frame of a running clock. (A past frame's board has the
        // version the live board had then, so the same test holds going back and forth.)
        if tasks?.version != frame.tasks.version { tasks = frame.tasks }
        simulationNow = frame.instant
        history = frame.history
        droppedEvents = frame.droppedEvents
        resources = frame.resources
        if !followsFile { receive(activityShown(frame.activity)) }
        showScene(of: frame)
    }

    /// The breakdowns of the tasks the board lists, and of the open detail's, which may have
    /// left the board and the history.
    /// Only those shown: every listed row's, with ten thousand tasks, was 8 % of the program's
    /// CPU at 30 frames a second whether the columns were shown or not.
    mutating func takeHistoryFigures(_ history: RunHistory, at instant: SimulationInstant, board: TaskBoardSnapshot) {
        var shown = taskView.showsBreakdown ? board.live.map(\.id) + board.recentlyFinishedInPlace.map(\.id) : []
        if case .taskDetail(let id) = overlay { shown.append(id) }
        var figures = HistoryFigures(history: history, at: instant, tasks: shown)
        // A finished task's times no longer change: the open detail keeps them once its lane
        // has left the history, as it keeps the task itself.
        if case .taskDetail(let id) = overlay, figures.breakdowns[id] == nil,
           let kept = historyFigures?.breakdowns[id] {
            figures.breakdowns[id] = kept
        }
        historyFigures = figures
    }

    /// The activity log as the pane shows it: once its file stopped being written, the status
    /// says so whatever the lines do.
    func activityShown(_ activity: LogSnapshot) -> LogSnapshot {
        guard let activityLogProblem else { return activity }
        var shown = activity
        shown.status = .problem(activityLogProblem)
        return shown
    }
}
