import AsyncDemoCore
import Lessons
import Synchronization
import Logging

/// What a key asks the running scenario to do. Relative where it can be, so two quick presses
/// count twice even before the first one shows.
public enum ScenarioCommand: Sendable, Equatable {
    case setPaused(Bool)
    /// Advances a paused clock by one tick.
    case step
    case setSpeed(Double)
    case adjustPermits(by: Int)
    case adjustWorkers(by: Int)
    case adjustProducers(by: Int)
    case adjustConsumers(by: Int)
    case stepRate(up: Bool)
    case stepCapacity(up: Bool)
    case spawnJob
    case cancel(TaskID)
    case cancelAll
    /// Starts a lesson scene's example, cancelling any scene before it.
    case startLesson(LessonPick)
    case endLesson
    /// A scene key for the running example.
    case controlLesson(LessonControl)
}

/// The default scenario: a worker pool through the semaphore, a producer/consumer pipeline
/// through the bounded queue, every task on the board, all on one simulation clock and all
/// writing the activity log. Each pane's data comes from one of its actors' snapshot streams.
public final class DemoScenario: Sendable {
    /// How far `.` moves a paused clock.
    public static let tick: Duration = .milliseconds(100)

    public let time: SimulationTime
    public let board: TaskBoard
    public let pool: WorkerPool
    public let pipeline: Pipeline
    public let settings: ScenarioSettings
    /// The lesson scene, when one runs: its example is a task on `board`, on this clock.
    let lessons: LessonStage
    private let context: ScenarioContext
    private let background: LockedTasks

    public init(settings: ScenarioSettings, log: Logger, startPaused: Bool = false) {
        self.settings = settings
        let clock = SimulationClock(speed: settings.speed, paused: startPaused)
        time = SimulationTime(clock: clock)
        board = TaskBoard(configuration: .init(retention: settings.retention), time: time.source)
        context = ScenarioContext(
            time: time, board: board, semaphore: AsyncSemaphore(permits: settings.permits, time: time.source),
            queue: BoundedQueue(capacity: settings.capacity), log: log, random: ScenarioRandom(seed: settings.seed),
            failurePercent: settings.failurePercent)
        pool = WorkerPool(context: context, workers: settings.workers, retention: settings.retention)
        pipeline = Pipeline(context: context, rate: settings.rate)
        background = LockedTasks()
        lessons = LessonStage(context: context)
    }

    /// The running scene's transcript, as newest-only snapshots.
    public var lessonFeed: LessonFeed { lessons.feed }

    /// Starts every task of the scenario; returns once they are spawned.
    public func start() async {
        let settings = settings
        context.log.info(
            "scenario started",
            metadata: [
                "workers": "\(settings.workers)", "permits": "\(settings.permits)", "capacity": "\(settings.capacity)",
                "producers": "\(settings.producers)", "consumers": "\(settings.consumers)",
                "rate": "\(Format.rate(settings.rate))", "seed": "\(settings.seed)",
            ])
        let pipeline = pipeline, feed = lessons.feed
        background.add(Task { await pipeline.watch() })
        background.add(Task { await feed.run() })
        await pool.topUp()
        await pipeline.adjust(.producer, by: settings.producers)
        await pipeline.adjust(.consumer, by: settings.consumers)
    }

    /// Cancels every task; for shutdown.
    public func stop() async {
        background.cancelAll()
        await lessons.stop()
        await board.cancelAll()
    }

    public func perform(_ command: ScenarioCommand) async {
        switch command {
        case .setPaused(let paused): time.clock.setPaused(paused)
        case .step: time.clock.step(by: Self.tick)
        case .setSpeed(let speed):
            time.clock.setSpeed(speed)
            context.log.info("simulation speed set to \(Format.speed(time.clock.speed))")
        case .adjustPermits(let delta): await pool.adjustPermits(by: delta)
        case .adjustWorkers(let delta): await pool.adjustWorkers(by: delta)
        case .adjustProducers(let delta): await pipeline.adjust(.producer, by: delta)
        case .adjustConsumers(let delta): await pipeline.adjust(.consumer, by: delta)
        case .stepRate(let up): await pipeline.stepRate(up: up)
        case .stepCapacity(let up): await pipeline.stepCapacity(up: up)
        case .spawnJob: await pool.spawnJob()
        case .cancel(let id):
            context.log.info("cancel requested for #\(id.rawValue)")
            await board.cancel(id)
        case .cancelAll:
            context.log.info("cancel requested for every task")
            await board.cancelAll()
        case .startLesson(let pick): await lessons.start(pick)
        case .endLesson: await lessons.end()
        case .controlLesson(let key): await lessons.control(key)
        }
    }
}

/// Background tasks the scenario must cancel when it stops.
private final class LockedTasks: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])

    func add(_ task: Task<Void, Never>) { tasks.withLock { $0.append(task) } }

    func cancelAll() {
        for task in tasks.withLock({ $0 }) { task.cancel() }
    }
}
