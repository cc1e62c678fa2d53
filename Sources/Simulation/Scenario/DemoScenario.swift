import AsyncDemoCore
import Lessons
import Locking
import Logging

/// The default scenario: a worker pool through the semaphore, a producer/consumer pipeline
/// through the bounded queue, every task on the board, all on one simulation executor and clock,
/// every change in one event log. Each pane's data comes from one of its actors; the frame
/// aggregator takes all of them at one instant (`frames`).
///
/// Deterministic: every task runs on `executor`, and commands enter through it at quiet points,
/// so a seed and the same commands at the same simulated instants give the same run.
public final class DemoScenario: Sendable {
    /// How far `.` moves a paused clock.
    public static let tick: Duration = .milliseconds(100)

    public let executor: SimulationExecutor
    public let time: SimulationTime
    public let events: EventLog
    public let board: TaskBoard
    public let pool: WorkerPool
    public let pipeline: Pipeline
    public let settings: ScenarioSettings
    /// The lesson scene, when one runs: its example is a task on `board`, on this clock.
    let lessons: LessonStage
    private let context: ScenarioContext
    let aggregator: FrameAggregator
    private let background: LockedTasks
    /// The activity log as `makeLog` made it for this run's clock: its file only, not the event log.
    public let activityLog: Logger
    /// What a restart needs to begin the same run again: how this one was made.
    private let startPaused: Bool
    /// Where the activity log is written: the Log pane's title, live or rewound.
    public let activityLogPath: String
    private let makeLog: @Sendable (SimulationClock) -> Logger

    public convenience init(settings: ScenarioSettings, log: Logger, startPaused: Bool = false) {
        self.init(settings: settings, startPaused: startPaused) { _ in log }
    }

    /// - Parameters:
    ///   - activityLogPath: where the activity log is written, for the Log pane's title.
    ///   - makeLog: the activity log, given the simulation's clock so that its lines can be
    ///     stamped with simulated time.
    public init(settings: ScenarioSettings, startPaused: Bool = false, activityLogPath: String = "activity.log",
                makeLog: @escaping @Sendable (SimulationClock) -> Logger) {
        self.settings = settings
        self.startPaused = startPaused
        self.activityLogPath = activityLogPath
        self.makeLog = makeLog
        executor = SimulationExecutor(pacing: .realTime(speed: settings.speed, paused: startPaused))
        let clock = SimulationClock(executor: executor)
        let log = makeLog(clock)
        activityLog = log
        time = SimulationTime(clock: clock)
        events = EventLog { clock.now }
        board = TaskBoard(configuration: .init(retention: settings.retention), time: time.source,
                          executor: executor, events: events)
        let events = events
        let logger = Logger(label: log.label) { label in
            MultiplexLogHandler([log.handler, EventLogHandler(events: events)])
        }
        context = ScenarioContext(
            time: time, board: board, semaphore: AsyncSemaphore(permits: settings.permits, time: time.source),
            queue: BoundedQueue(capacity: settings.capacity), log: logger, events: events,
            random: ScenarioRandom(seed: settings.seed), failurePercent: settings.failurePercent)
        pool = WorkerPool(context: context, workers: settings.workers, retention: settings.retention)
        pipeline = Pipeline(context: context, rate: settings.rate)
        background = LockedTasks()
        lessons = LessonStage(context: context)
        aggregator = FrameAggregator(
            events: events, time: time, activityLogPath: activityLogPath, retention: settings.retention)
    }

    /// The running scene's transcript, as newest-only snapshots.
    public var lessonFeed: LessonFeed { lessons.feed }

    /// Starts every task of the scenario, as the simulation's first input.
    public func start() {
        let settings = settings, context = context, pipeline = pipeline, pool = pool, feed = lessons.feed
        let background = background, executor = executor
        executor.submit {
            context.log.info(
                "scenario started",
                metadata: [
                    "workers": "\(settings.workers)", "permits": "\(settings.permits)", "capacity": "\(settings.capacity)",
                    "producers": "\(settings.producers)", "consumers": "\(settings.consumers)",
                    "rate": "\(Format.rate(settings.rate))", "seed": "\(settings.seed)",
                ])
            background.add(Task(executorPreference: executor) { await pipeline.sampleEverySecond() })
            background.add(Task(executorPreference: executor) { await feed.run() })
            await pool.topUp()
            await pipeline.adjust(.producer, by: settings.producers)
            await pipeline.adjust(.consumer, by: settings.consumers)
        }
    }

    /// Cancels every task and waits until they have ended; for shutdown.
    public func stop() async {
        let background = background, lessons = lessons, board = board
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            executor.submit {
                await background.cancelAndWait()
                await lessons.stop()
                await board.cancelAll()
                done.resume()
            }
        }
        await executor.quiet()
        executor.stop()
    }

    /// Stops this run and starts a new one made exactly as this one was (settings, seed, paused or
    /// not, activity log), on a fresh executor whose time begins at 0: the run that follows is the
    /// run a fresh start with the same arguments gives, event for event. Returns the new run,
    /// started; this one is stopped for good.
    public func restart() async -> DemoScenario {
        await stop()
        let fresh = DemoScenario(settings: settings, startPaused: startPaused, activityLogPath: activityLogPath,
                                 makeLog: makeLog)
        fresh.start()
        return fresh
    }

    /// Carries out a key's command in the simulation, at the simulated instant it arrives.
    /// Pausing, stepping and the speed act on the executor's pacing at once: they decide when
    /// simulated instants happen, not what happens at them.
    public func perform(_ command: ScenarioCommand) {
        switch command {
        case .setPaused(let paused): executor.setPaused(paused)
        case .step: executor.step(by: Self.tick)
        case .setSpeed(let speed):
            executor.setSpeed(speed)
            let context = context, executor = executor
            executor.submit { context.log.info("simulation speed set to \(Format.speed(executor.speed))") }
        default:
            let scenario = self
            executor.submit {
                scenario.events.append(.commandApplied(command: "\(command)"))
                await scenario.carryOut(command)
            }
        }
    }

    /// Writes what a person did (paused, filtered the log, resized the terminal) into the
    /// activity log, as an input at the simulated instant it happened, so the Log pane shows it
    /// among the simulation's own lines.
    public func note(_ line: String) {
        let context = context
        executor.submit { context.log.info("\(line)") }
    }

    private func carryOut(_ command: ScenarioCommand) async {
        switch command {
        case .setPaused, .step, .setSpeed: break
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
        case .endLesson: await lessons.close()
        case .controlLesson(let key): await lessons.control(key)
        }
    }

    /// Every pane's snapshot at one instant, at most one per `interval` of real time and only when
    /// something changed; taken on the simulation's thread at a quiet point, so no pane is ahead
    /// of another. Paused and untouched, no frame is taken and nothing wakes.
    public func frames(interval: Duration) -> AsyncStream<SimulationFrame> {
        let (stream, sink) = AsyncStream.makeStream(of: SimulationFrame.self, bufferingPolicy: .bufferingNewest(1))
        let scenario = self, events = events, executor = executor
        let publisher = Task(executorPreference: executor) {
            var mark: SimulationExecutor.FrameMark?
            while !Task.isCancelled {
                mark = await executor.nextFrame(after: mark, interval: interval) { events.sequence }
                if Task.isCancelled { break }
                sink.yield(await scenario.frame())
            }
            sink.finish()
        }
        sink.onTermination = { _ in publisher.cancel() }
        return stream
    }

    /// The frame now, once the simulation has done everything its time allows: for a stepped run.
    public func settledFrame() async -> SimulationFrame {
        await executor.quiet()
        let scenario = self
        return await withCheckedContinuation { (result: CheckedContinuation<SimulationFrame, Never>) in
            executor.submit { result.resume(returning: await scenario.frame()) }
        }
    }

    /// Must run on the executor with nothing else ready, which both callers ensure.
    private func frame() async -> SimulationFrame {
        let tasks = await board.snapshot(ifChangedSince: await aggregator.tasks?.version)
        return await aggregator.frame(
            workers: await pool.snapshot(), queue: await pipeline.snapshot(), tasks: tasks,
            lesson: await lessons.feed.snapshot().transcript)
    }
}

/// Background tasks the scenario must end when it stops.
private final class LockedTasks: Sendable {
    private let tasks = LockedState<[Task<Void, Never>]>([])

    func add(_ task: Task<Void, Never>) { tasks.withLock { $0.append(task) } }

    func cancelAndWait() async {
        let tasks = tasks.withLock { $0 }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}
