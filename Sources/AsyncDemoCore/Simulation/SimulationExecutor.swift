import DequeModule
import Foundation
import Synchronization

/// The simulation's one thread, and the owner of simulated time.
///
/// Every task of a simulation runs here (it is their task executor preference, which their child
/// tasks and the default actors they call inherit), so jobs run one at a time in the order they
/// became ready. Simulated time moves only when nothing can run: then the earliest sleeper wakes
/// and `now` becomes its deadline, exactly. Inputs from outside (a key's command, the result of a
/// file read on another thread) are let in only at those quiet points, stamped with a simulated
/// instant. So what happens is a function of the seed and of which inputs arrive at which
/// simulated instants, not of how fast the machine is or how its threads were scheduled.
///
/// Pacing decides how far time may move at a quiet point:
/// - `.realTime`: up to real time elapsed times the speed; paused, only as far as `step` says.
///   With nobody due, the thread waits on a condition with a timeout until the earliest deadline
///   (or without one while paused or idle, so a paused simulation is never woken).
/// - `.virtual`: straight to the earliest sleeper, so a test or a lesson takes no real time.
public final class SimulationExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable, proof: every stored var is read and written only while `condition` is
    // locked (`locked` or the run loop's own lock/unlock pairs); jobs, continuations and inputs
    // are taken out under the lock and run or resumed after unlocking, so none is touched by two
    // threads and no callout happens under the lock. `publishedNow` is an atomic.
    public enum Pacing: Sendable {
        case realTime(speed: Double, paused: Bool)
        case virtual
    }

    /// The slowest and fastest speeds `setSpeed` accepts; values outside are clamped.
    public static let speedRange: ClosedRange<Double> = 0.1...10

    /// A condition, not the package's `LockedState`: the thread must sleep until a job, an input
    /// or a deadline arrives, which a plain lock cannot do (ThreadSanitizer sees it all the same,
    /// as it is a pthread mutex and condition variable underneath).
    private let condition = NSCondition()
    private var ready = Deque<UnownedJob>()
    private var sleepers: [Sleeper] = []
    private var cancelledBeforeSleeping: Set<UInt64> = []
    private var nextSleeperID: UInt64 = 0
    private var simulatedNow: Duration = .zero {
        didSet { publishedNow.store(SimulationInstant(sinceStart: simulatedNow).nanoseconds, ordering: .releasing) }
    }
    /// `simulatedNow` in whole nanoseconds, readable without the lock: every event and every log
    /// line reads the time, and a lock round trip there was most of what an event cost.
    private let publishedNow = Atomic<Int64>(0)
    private var pace: SimulationPace
    private var inputs = Deque<Input>()
    /// Inputs let in so far: a frame after one is due at once, so a key's effect shows without
    /// waiting out the frame interval.
    private var inputsApplied: UInt64 = 0
    private var blockingInFlight = 0
    private var nextBlockingOrder: UInt64 = 0
    private var blockingResults: [(order: UInt64, resume: @Sendable () -> Void)] = []
    private var quietWaiters: [CheckedContinuation<Void, Never>] = []
    private var frameWaiter: FrameWaiter?
    private var isStopped = false

    public init(pacing: Pacing, name: String = "simulation") {
        pace = SimulationPace(pacing, real: .now)
        let thread = Thread { [self] in runLoop() }
        thread.name = name
        thread.start()
    }

    /// Ends the thread once nothing is ready; sleepers left then belong to tasks nobody ended.
    public func stop() {
        locked { isStopped = true }
    }

    // MARK: TaskExecutor

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        locked { ready.append(job) }
    }

    // MARK: Time

    /// Simulated time since the start, to the nanosecond: the deadline of the sleeper woken
    /// last, or the instant of the input let in last, whichever is later.
    public var now: Duration { .nanoseconds(publishedNow.load(ordering: .acquiring)) }

    public var isPaused: Bool { locked { pace.isPaused } }

    /// Simulated seconds per real second (1 in virtual pacing, where it means nothing).
    public var speed: Double { locked { pace.speed } }

    /// Suspends the calling task until simulated time reaches `deadline`; sleepers with the same
    /// deadline wake in the order they went to sleep.
    public func sleep(until deadline: Duration) async throws {
        if Task.isCancelled { throw CancellationError() }
        let id = locked { () -> UInt64 in nextSleeperID &+= 1; return nextSleeperID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = locked { () -> Result<Void, any Error>? in
                    if cancelledBeforeSleeping.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= simulatedNow { return .success(()) }
                    sleepers.insert(Sleeper(id: id, deadline: deadline, continuation: continuation),
                                    at: insertionIndex(deadline: deadline, id: id))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let woken = locked { () -> Sleeper? in
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else {
                    cancelledBeforeSleeping.insert(id)
                    return nil
                }
                return sleepers.remove(at: index)
            }
            woken?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Stops or restarts simulated time (real-time pacing only).
    public func setPaused(_ paused: Bool) {
        locked { pace.setPaused(paused, real: .now) }
    }

    /// Changes the speed, clamped to `speedRange`; deadlines stay in simulated time.
    public func setSpeed(_ speed: Double) {
        locked { pace.setSpeed(speed, real: .now) }
    }

    /// Lets simulated time move `duration` further than it may now (a tick while paused).
    public func step(by duration: Duration) {
        precondition(duration >= .zero, "SimulationExecutor.step(by:) cannot move time backwards")
        locked { pace.step(by: duration, real: .now) }
    }

    // MARK: Inputs from outside

    /// Runs `operation` as a task of the simulation at the next quiet point, at the simulated
    /// instant this call is made (or later, never earlier than anything already run). Inputs run
    /// in the order they are submitted.
    public func submit(_ operation: @escaping @Sendable () async -> Void) {
        locked {
            var instant = simulatedNow
            if case .upTo(let limit) = pace.limit(real: .now) { instant = max(instant, limit) }
            inputs.append(Input(instant: instant, operation: operation))
        }
    }

    /// Runs `work` on a Dispatch thread (never on the simulation's), holding simulated time still
    /// until it returns. Its result reaches the caller at a quiet point once every piece of
    /// blocking work out at the same time is back, in the order they were started, so how long
    /// a file read took never decides what happens first.
    public func runBlocking<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        let order = locked { () -> UInt64 in
            blockingInFlight += 1
            nextBlockingOrder &+= 1
            return nextBlockingOrder
        }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { [self] in
                let result = Result { try work() }
                locked {
                    blockingResults.append((order, { continuation.resume(with: result) }))
                    blockingInFlight -= 1
                }
            }
        }
    }

    /// Returns at the next quiet point: nothing ready, no blocking work out, no input waiting,
    /// nobody due. For a stepped run, which presses keys and renders only when the simulation
    /// has done everything the time it was given allows.
    public func quiet() async {
        await withCheckedContinuation { continuation in
            locked { quietWaiters.append(continuation) }
        }
    }

    /// Returns at the first quiet point at least `interval` of real time after `previous` at which
    /// simulated time or `changes` moved since `previous`, or at once after an input (a key's
    /// command) was let in: when a new frame is worth drawing.
    /// `changes` is a count that grows with every change (the event log's sequence number), read
    /// outside the lock; it must not block. One caller at a time (the frame aggregator).
    public func nextFrame(
        after previous: FrameMark?, interval: Duration, changes: @escaping @Sendable () -> UInt64
    ) async -> FrameMark {
        await withCheckedContinuation { continuation in
            locked {
                frameWaiter = FrameWaiter(
                    previous: previous, interval: interval, changes: changes, continuation: continuation)
            }
        }
    }

    /// When a frame was taken: the real instant, the simulated instant, the change count and
    /// how many inputs had been let in.
    public struct FrameMark: Sendable, Equatable {
        public let real: ContinuousClock.Instant
        public let simulated: Duration
        public let changes: UInt64
        public let inputs: UInt64
    }

    // MARK: The thread

    private func runLoop() {
        condition.lock()
        while true {
            if !ready.isEmpty {
                let batch = ready
                ready.removeAll()
                condition.unlock()
                for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
                condition.lock()
                continue
            }
            if blockingInFlight > 0 {
                condition.wait()
                continue
            }
            if !blockingResults.isEmpty {
                let results = blockingResults.sorted { $0.order < $1.order }
                blockingResults = []
                condition.unlock()
                for result in results { result.resume() }
                condition.lock()
                continue
            }
            if isStopped { break }
            let real = ContinuousClock.now
            let limit = pace.limit(real: real)
            let nextInput = inputs.first?.instant
            if let earliest = sleepers.first?.deadline, limit.allows(earliest), nextInput.map({ earliest <= $0 }) ?? true {
                wakeSleepers(dueAt: earliest)
                continue
            }
            if let input = inputs.popFirst() {
                inputsApplied &+= 1
                simulatedNow = max(simulatedNow, input.instant)
                condition.unlock()
                // Unowned on purpose: an input is a scenario command that ends by itself, and
                // every task it spawns is owned by the board, which cancels them at shutdown.
                Task(executorPreference: self, operation: input.operation)
                condition.lock()
                continue
            }
            // Quiet: nothing runs until time or an input moves. Time shown moves on with real time.
            if case .upTo(let instant) = limit { simulatedNow = max(simulatedNow, instant) }
            if !quietWaiters.isEmpty {
                let waiters = quietWaiters
                quietWaiters = []
                condition.unlock()
                for waiter in waiters { waiter.resume() }
                condition.lock()
                continue
            }
            var wakeAt = sleepers.first.flatMap { pace.realInstant(reaching: $0.deadline) }
            if let waiter = frameWaiter {
                condition.unlock()
                let changes = waiter.changes()
                condition.lock()
                if !ready.isEmpty || !inputs.isEmpty || blockingInFlight > 0 { continue }
                let moved = waiter.previous.map { $0.simulated != simulatedNow || $0.changes != changes } ?? true
                if moved {
                    let afterInput = waiter.previous.map { $0.inputs != inputsApplied } ?? true
                    let due = afterInput ? real : waiter.previous.map { $0.real + waiter.interval } ?? real
                    if due <= real {
                        frameWaiter = nil
                        let mark = FrameMark(real: real, simulated: simulatedNow, changes: changes, inputs: inputsApplied)
                        condition.unlock()
                        waiter.continuation.resume(returning: mark)
                        condition.lock()
                        continue
                    }
                    wakeAt = min(wakeAt ?? due, due)
                }
            }
            if let wakeAt {
                let wait = real.duration(to: wakeAt).components
                let seconds = Double(wait.seconds) + Double(wait.attoseconds) / 1e18
                _ = condition.wait(until: Date(timeIntervalSinceNow: max(0, seconds)))
            } else {
                condition.wait()
            }
        }
        condition.unlock()
    }

    /// Moves time to `deadline` and resumes everyone due then, in the order they slept.
    private func wakeSleepers(dueAt deadline: Duration) {
        simulatedNow = max(simulatedNow, deadline)
        let dueCount = sleepers.firstIndex { $0.deadline > deadline } ?? sleepers.count
        let due = sleepers.prefix(dueCount)
        sleepers.removeFirst(dueCount)
        condition.unlock()
        for sleeper in due { sleeper.continuation.resume() }
        condition.lock()
    }

    private func insertionIndex(deadline: Duration, id: UInt64) -> Int {
        var low = 0
        var high = sleepers.count
        while low < high {
            let middle = (low + high) / 2
            let other = sleepers[middle]
            if (other.deadline, other.id) < (deadline, id) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Runs `body` under the lock and wakes the loop, which re-checks its state after any change.
    private func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        condition.lock()
        defer {
            condition.signal()
            condition.unlock()
        }
        return try body()
    }
}

private struct Sleeper {
    let id: UInt64
    let deadline: Duration
    let continuation: CheckedContinuation<Void, any Error>
}

private struct Input {
    let instant: Duration
    let operation: @Sendable () async -> Void
}

private struct FrameWaiter {
    let previous: SimulationExecutor.FrameMark?
    let interval: Duration
    let changes: @Sendable () -> UInt64
    let continuation: CheckedContinuation<SimulationExecutor.FrameMark, Never>
}
