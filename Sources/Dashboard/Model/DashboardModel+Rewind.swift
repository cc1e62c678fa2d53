import AsyncDemoCore
import Simulation

/// The panes showing a past instant of the run, read from the event log (`,` and `;` while
/// paused). Only what is shown goes back: the simulation stays at the present, and resuming
/// continues from there.
public struct PastView: Sendable {
    /// The instant the panes show (the runner's frame says where it landed).
    public internal(set) var instant: SimulationInstant
    /// The newest live panes, shown again on the way back to the present.
    var present: PresentPanes
    /// The scene on screen when the rewind began (the past shows the one on screen then).
    var presentScene: LessonScene?

    /// How far behind the present the panes are.
    public var behind: Duration { instant.duration(to: present.instant) }
}

/// What the panes showed of the present when a rewind began, and what live frames bring while
/// it lasts.
struct PresentPanes: Sendable {
    var instant: SimulationInstant
    var droppedEvents: UInt64
    var workers: WorkerPoolSnapshot?
    var queue: PipelineSnapshot?
    var tasks: TaskBoardSnapshot?
    var history: RunHistory?
    /// The activity log's lines, unless the Log pane follows a file.
    var activity: LogSnapshot?
    var lesson: LessonTranscript?
    var resources: ResourcesSnapshot

    init(_ frame: SimulationFrame) {
        instant = frame.instant
        droppedEvents = frame.droppedEvents
        workers = frame.workers
        queue = frame.queue
        tasks = frame.tasks
        history = frame.history
        activity = frame.activity
        lesson = frame.lesson
        resources = frame.resources
    }

    init(of model: DashboardModel, at instant: SimulationInstant) {
        self.instant = instant
        droppedEvents = model.droppedEvents
        workers = model.workers
        queue = model.queue
        tasks = model.tasks
        history = model.history
        activity = model.followsFile ? nil : model.log
        lesson = model.scene?.transcript
        resources = model.resources
    }
}

extension DashboardModel {
    /// How far `,` steps back: as far as `.` steps forward.
    public static let rewindStep = DemoScenario.tick
    /// How far `;` jumps back.
    public static let rewindJump: Duration = .seconds(5)
    /// The footer's word for a key refused while the panes show the past.
    static let refusedInPast = "showing the past: space resumes"
    /// The footer's word for a key refused in a replay, which shows a recorded run as it was.
    static let refusedInReplay = "a replay shows the run as it was recorded"

    /// Whether an action would change what happens in the simulation (not only how it is seen
    /// or how fast it runs): refused while the panes show the past, which cannot branch.
    static func changesSimulation(_ action: Action) -> Bool {
        switch action {
        case .morePermits, .fewerPermits, .addWorker, .removeWorker, .fasterProducers, .slowerProducers,
             .addProducer, .removeProducer, .addConsumer, .removeConsumer, .growQueue, .shrinkQueue, .spawnTask,
             .cancelSelectedTask, .cancelAllTasks, .restartScenario, .openLessonMenu, .startLesson,
             .toggleSceneGenerator, .stopSceneGenerator, .startHighlightedExample:
            true
        default: false
        }
    }

    /// `,` / `;`: asks for the frame `step` before the instant shown (paused only).
    mutating func rewind(by step: Duration) {
        guard isPaused, let shown = past?.instant ?? simulationNow else { return }
        let target = max(SimulationInstant.start, shown.advanced(by: .zero - step))
        guard target < shown else { return }
        if past == nil {
            past = PastView(instant: target, present: PresentPanes(of: self, at: shown), presentScene: scene)
        }
        pastRequest = target
    }

    /// `.` in the past: a step towards the present, and the present itself once it is reached.
    mutating func stepForwardInPast() {
        guard let past else { return }
        let target = past.instant.advanced(by: Self.rewindStep)
        if target >= past.present.instant {
            returnToPresent()
        } else {
            pastRequest = target
        }
    }

    /// Shows the newest live panes again.
    mutating func returnToPresent() {
        guard let present = past?.present else { return }
        scene = past?.presentScene
        past = nil
        pastRequest = nil
        workers = present.workers
        queue = present.queue
        if let history = present.history, let board = present.tasks {
            takeHistoryFigures(history, at: present.instant, board: board)
        }
        if tasks?.version != present.tasks?.version { tasks = present.tasks }
        history = present.history
        simulationNow = present.instant
        droppedEvents = present.droppedEvents
        resources = present.resources
        if !followsFile, let activity = present.activity { receive(activityShown(activity)) }
        if let lesson = present.lesson { receive(lesson) }
    }

    /// The runner's answer to `Effect.showPast`.
    mutating func receivePast(_ frame: SimulationFrame) {
        guard past != nil else { return }
        past?.instant = frame.instant
        show(frame)
    }

    mutating func takePastRequest() -> SimulationInstant? {
        defer { pastRequest = nil }
        return pastRequest
    }
}
