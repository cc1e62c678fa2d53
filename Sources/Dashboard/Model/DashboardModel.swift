import Simulation
import AsyncDemoCore
import TerminalKit

public enum Overlay: Hashable, Sendable {
    case help
    case taskDetail(TaskID)
    case lessonMenu
}

/// All the state the view draws from. It changes only through its one door, `update(_:)`; the
/// view is a pure function of it. Its fields are read-only outside the module (tests of the
/// module set them directly to draw a pane in a given state).
public struct DashboardModel: Sendable {
    public internal(set) var size: Size
    public internal(set) var overlay: Overlay? {
        didSet { pinDetailTask() }
    }
    public internal(set) var isPaused = false
    /// Simulated seconds per real second.
    public internal(set) var speed = 1.0
    /// Wall time the dashboard has run, standing still while paused.
    public internal(set) var uptime: Duration = .zero
    /// Simulation time now: ages, waits and progress bars are measured against it.
    public internal(set) var simulationNow: SimulationInstant?
    public internal(set) var framesPerSecond = 0
    /// Events the simulation's log dropped to stay within its capacity; shown when non-zero.
    public internal(set) var droppedEvents: UInt64 = 0
    /// Why the activity log file stopped being written, once it has (a full disk).
    public internal(set) var activityLogProblem: String?
    /// Why the recording (`--record`) stopped before the run's end, once it has (a full disk).
    public internal(set) var recordingProblem: String?
    /// Whether the Log pane shows a followed file (`--follow`) rather than the activity log.
    public let followsFile: Bool
    /// The newest snapshot from each feed; nil until it first publishes.
    public internal(set) var log: LogSnapshot?
    public internal(set) var workers: WorkerPoolSnapshot?
    public internal(set) var queue: PipelineSnapshot?
    /// The time breakdowns and the permit waits, from the run's history at the newest frame.
    public internal(set) var historyFigures: HistoryFigures?
    public internal(set) var tasks: TaskBoardSnapshot? {
        didSet {
            taskListing = taskView.listing(of: tasks, times: historyFigures?.breakdowns)
            pinDetailTask()
        }
    }
    public internal(set) var logView = LogView()
    public internal(set) var taskView = TaskView() {
        didSet {
            if taskView.listsDifferently(from: oldValue) { taskListing = taskView.listing(of: tasks, times: historyFigures?.breakdowns) }
        }
    }
    public internal(set) var lessonMenu = LessonMenu()
    /// The Timeline pane: shown or not, its time per cell, how far back it is panned.
    public internal(set) var timeline = TimelineView()
    /// Every task's lane as the newest frame carried it: what the Timeline draws.
    public internal(set) var history: RunHistory?
    /// The focused pane and the zoom, as asked for (see `focusedPane`, `zoomedPane`).
    public internal(set) var focus = PaneFocus()
    /// The lesson scene on screen, running or finished; nil shows the Log and Queue panes.
    public internal(set) var scene: LessonScene?
    /// Scenes started so far: numbers each run (see `LessonPick.run`).
    var scenesStarted = 0
    /// Frame timings for the `--stats` overlay; nil hides it.
    public internal(set) var stats: FrameStats?
    /// Set when the app should end, with the process exit status.
    public internal(set) var exitStatus: Int32?
    /// What keys asked of the scenario, oldest first, until `update` hands them out as effects.
    var commands: [ScenarioCommand] = []
    /// The help's first shown row while it scrolls (see `scrollHelp`).
    public internal(set) var helpFirstRow = 0
    /// The question on the bottom line awaiting y or n (`C` asks before cancelling every task).
    public internal(set) var confirmation: Confirmation?
    /// Set by `R` until `update` hands it out as the restart effect.
    var restartRequested = false
    /// The speed the scenario was started at, which a restart starts at again.
    let startSpeed: Double
    /// The past instant the panes show while rewound (`,` `;`); nil shows the present.
    public internal(set) var past: PastView?
    /// Set when the panes replay a recording: nothing the keys do can change that run.
    public let isReplay: Bool
    /// `g`, `G` or `@` in a replay, until `update` hands it out as an effect.
    var replaySeek: ReplayTarget?
    var replaySeekPrompt = ReplaySeekPrompt()
    /// The past instant asked for, until `update` hands it out as an effect.
    var pastRequest: SimulationInstant?
    /// A word for the footer about the last key (one refused while rewound), until the next key.
    public internal(set) var footerNotice: String?
    /// The program whose probe's stream the panes show (`attach`); nil for the simulation.
    public internal(set) var attachment: Attachment?
    /// A watched program's named semaphores and queues, as the frame shown says.
    public internal(set) var resources = ResourcesSnapshot()
    /// The program a replayed recording was made attached to: its panes are drawn as attached
    /// ones are (Resources, Timeline), its keys stay the replay's.
    public internal(set) var replayedProgram: String?

    /// Whether the panes are a watched program's (attached, or its recording replayed).
    var showsProgram: Bool { attachment != nil || replayedProgram != nil }

    /// - Parameters:
    ///   - speed: the simulation's speed at the start, as the header shows it.
    ///   - followsFile: the Log pane shows a followed file's feed instead of the activity log.
    ///   - isReplay: the panes show a recording, which keys cannot change.
    public init(size: Size, speed: Double = 1, followsFile: Bool = false, isReplay: Bool = false) {
        self.size = size
        self.speed = speed
        startSpeed = speed
        self.followsFile = followsFile
        self.isReplay = isReplay
    }

    mutating func takeCommands() -> [ScenarioCommand] {
        defer { commands = [] }
        return commands
    }

    mutating func apply(_ action: Action) {
        if let refusal = refusalWhileAttached(action) {
            footerNotice = refusal
            return
        }
        // The past cannot branch: what would change the run waits until it shows the present.
        if past != nil || isReplay,
           Self.changesSimulation(action) || (action == .closeOverlay && overlay == nil && scene != nil) {
            footerNotice = isReplay ? Self.refusedInReplay : Self.refusedInPast
            return
        }
        switch action {
        case .quit: exitStatus = 0
        case .toggleHelp:
            overlay = overlay == .help ? nil : .help
            helpFirstRow = 0
        case .closeOverlay:
            if overlay != nil {
                overlay = nil
            } else if scene != nil {
                endScene()
            }
        case .togglePause:
            returnToPresent()
            isPaused.toggle()
            if !isPaused { timeline.returnToNow() }
            commands.append(.setPaused(isPaused))
        case .stepClock:
            if past != nil {
                stepForwardInPast()
            } else if isPaused {
                commands.append(.step)
            }
        case .seekReplayStart, .seekReplayEnd:
            returnToPresent()
            replaySeek = action == .seekReplayEnd ? .end : .start
        case .startReplaySeek: replaySeekPrompt.draft = ""
        case .stepBack: rewind(by: Self.rewindStep)
        case .jumpBack: rewind(by: Self.rewindJump)
        case .slowerClock, .fasterClock:
            speed = Ladder.step(speed, in: ScenarioSettings.speedSteps, up: action == .fasterClock)
            commands.append(.setSpeed(speed))
        case .scrollLogBack: scrollLog(by: logPageSize)
        case .scrollLogForward: scrollLog(by: -logPageSize)
        case .scrollLogToOldest: scrollLog(by: Int.max / 2)
        case .followLog: logView.scrollBack = 0
        case .startLogFilter: logView.startFilter()
        case .toggleLogWrap: logView.wrapsLines.toggle()
        case .morePermits: commands.append(.adjustPermits(by: 1))
        case .fewerPermits: commands.append(.adjustPermits(by: -1))
        case .addWorker: commands.append(.adjustWorkers(by: 1))
        case .removeWorker: commands.append(.adjustWorkers(by: -1))
        case .fasterProducers: commands.append(.stepRate(up: true))
        case .slowerProducers: commands.append(.stepRate(up: false))
        case .addProducer: commands.append(.adjustProducers(by: 1))
        case .removeProducer: commands.append(.adjustProducers(by: -1))
        case .addConsumer: commands.append(.adjustConsumers(by: 1))
        case .removeConsumer: commands.append(.adjustConsumers(by: -1))
        case .growQueue: commands.append(.stepCapacity(up: true))
        case .shrinkQueue: commands.append(.stepCapacity(up: false))
        case .spawnTask: commands.append(.spawnJob)
        case .cancelSelectedTask:
            if let id = focusedTask, tasks?.liveTask(id) != nil { commands.append(.cancel(id)) }
        case .cancelAllTasks: confirmation = .cancelAll
        case .openTaskDetail:
            if let id = focusedTask {
                overlay = .taskDetail(id)
                refreshHistoryFigures()
            }
        case .selectPreviousTask: taskView.moveSelection(by: -1, in: taskRows)
        case .selectNextTask: taskView.moveSelection(by: 1, in: taskRows)
        case .sortByPreviousColumn: taskView.sort(by: -1)
        case .sortByNextColumn: taskView.sort(by: 1)
        case .invertSort: taskView.inverted.toggle()
        case .cycleStateFilter: taskView.cycleFilter()
        case .toggleTaskTree: taskView.toggleLayout()
        case .toggleTaskBreakdown:
            taskView.toggleBreakdown()
            refreshHistoryFigures()
        case .searchTasks: taskView.search.start()
        case .openLessonMenu: toggleLessonMenu()
        case .startLesson(let number): startScene(lessonIndex: number - 1, exampleIndex: 0)
        case .toggleSceneGenerator: controlScene(.togglePause)
        case .stopSceneGenerator: controlScene(.stop)
        case .highlightPreviousExample: lessonMenu.move(by: -1)
        case .highlightNextExample: lessonMenu.move(by: 1)
        case .startHighlightedExample:
            let entry = lessonMenu.highlightedEntry
            startScene(lessonIndex: entry.lesson, exampleIndex: entry.example)
        case .scrollHelp(let move): scrollHelp(move)
        case .restartScenario: restart()
        case .reattach: requestReattach()
        case .focusNextPane: moveFocus(by: 1)
        case .focusPreviousPane: moveFocus(by: -1)
        case .toggleZoom: toggleZoom()
        case .scrollLogLineBack: scrollLog(by: 1)
        case .scrollLogLineForward: scrollLog(by: -1)
        case .selectTaskPageBack: taskView.moveSelection(by: -taskPageSize, in: taskRows)
        case .selectTaskPageForward: taskView.moveSelection(by: taskPageSize, in: taskRows)
        case .selectFirstTask: taskView.moveSelection(by: -taskRows.count, in: taskRows)
        case .selectLastTask: taskView.moveSelection(by: taskRows.count, in: taskRows)
        case .toggleTimeline: toggleTimeline()
        case .finerTimeline: timeline.zoom(finer: true)
        case .coarserTimeline: timeline.zoom(finer: false)
        case .panTimelineBack: panTimeline(byCells: TimelineView.panCells)
        case .panTimelineForward: panTimeline(byCells: -TimelineView.panCells)
        case .panTimelineToNow: timeline.returnToNow()
        }
    }

    /// The rows the Tasks pane lists now, sorted and filtered when the snapshot or the sort
    /// changes rather than every frame (with 500 live rows the sort was a tenth of a frame).
    public private(set) var taskListing = TaskListing()

    /// The figures again from the frame the model holds, when what is shown changed between
    /// frames (`b`, a detail opened): paused, no frame comes to bring them.
    mutating func refreshHistoryFigures() {
        guard let history, let simulationNow, let tasks else { return }
        takeHistoryFigures(history, at: simulationNow, board: tasks)
        taskListing = taskView.listing(of: tasks, times: historyFigures?.breakdowns)
    }
    public var taskRows: [TaskInfo] { taskListing.rows }

    /// The open detail's task as last seen: it stays while the detail is open, even after the
    /// board lets it go at the end of its retention window.
    public private(set) var pinnedDetailTask: TaskInfo?

    private mutating func pinDetailTask() {
        guard case .taskDetail(let id) = overlay else {
            if pinnedDetailTask != nil { pinnedDetailTask = nil }
            return
        }
        if let seen = tasks?.task(id) {
            pinnedDetailTask = seen
        } else if pinnedDetailTask?.id != id {
            pinnedDetailTask = nil
        }
    }

    /// The task the detail shows: the board's newest picture of it, else the pinned one.
    func detailTask(_ id: TaskID) -> TaskInfo? {
        tasks?.task(id) ?? pinnedDetailTask.flatMap { $0.id == id ? $0 : nil }
    }

    /// The task `c` and Enter act on: the open detail's, else the selected row, else the top row.
    public var focusedTask: TaskID? { focusedTask(in: taskRows) }

    /// The same, given the rows already listed (sorting them is most of a frame's Tasks pane).
    func focusedTask(in rows: [TaskInfo]) -> TaskID? {
        if case .taskDetail(let id) = overlay { return id }
        if let selected = taskView.selected, rows.contains(where: { $0.id == selected }) { return selected }
        return rows.first?.id
    }

    /// Lines a page scrolls: the height of the log pane's line area.
    var logPageSize: Int { max(1, DashboardView.logLineRows(for: self)) }

    /// Rows a page moves the task selection: what the Tasks pane shows at once.
    var taskPageSize: Int { max(1, DashboardView.taskRows(for: self)) }

    mutating func scrollLog(by lines: Int) {
        let available = logView.passingCount(of: log?.lines ?? [])
        let mostBack = max(0, available - logPageSize)
        logView.scrollBack = min(mostBack, max(0, logView.scrollBack + lines))
    }

    /// Takes the feed's newest snapshot. While scrolled back, the view stays on the same lines
    /// as new ones arrive below them.
    mutating func receive(_ snapshot: LogSnapshot) {
        if !logView.isFollowing, logView.filter == nil, let previous = log {
            logView.scrollBack += snapshot.totalLines - previous.totalLines
        }
        log = snapshot
        scrollLog(by: 0)
    }

    /// Applies the key's action, if the key map has one; true when the key did something.
    @discardableResult
    mutating func handle(_ key: KeyEvent) -> Bool {
        if confirmation != nil {
            answerConfirmation(key)
            return true
        }
        if overlay == nil, let outcome = replaySeekPrompt.edit(with: key) {
            if case .go(let time) = outcome {
                returnToPresent()
                replaySeek = .time(time)
            }
            return true
        }
        if overlay == nil, logView.edit(with: key) { return true }
        if overlay == nil, taskView.search.edit(with: key) { return true }
        // While a scene covers the Log pane, Esc ends the scene before it clears a filter unseen.
        if key == .escape, overlay == nil, scene == nil, logView.filter != nil {
            logView.filter = nil
            return true
        }
        if key == .escape, overlay == nil, scene == nil, taskView.search.query != nil {
            taskView.search.query = nil
            return true
        }
        guard let action = KeyMap.action(for: key, in: self) else { return false }
        apply(action)
        return true
    }
}

/// How long frames take to build and draw, for the `--stats` overlay.
public struct FrameStats: Sendable, Equatable {
    public var frames = 0
    public var p50: Duration = .zero
    public var p99: Duration = .zero
    public var worst: Duration = .zero

    public init(frames: Int = 0, p50: Duration = .zero, p99: Duration = .zero, worst: Duration = .zero) {
        self.frames = frames
        self.p50 = p50
        self.p99 = p99
        self.worst = worst
    }
}
