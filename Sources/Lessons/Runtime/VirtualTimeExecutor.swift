import Foundation

/// A one-thread task executor that owns virtual lesson time: when no job is ready to run and no
/// blocking work is out on another thread, every task of the lesson is asleep or waiting, so time
/// jumps straight to the earliest sleeper's deadline.
///
/// Tests run an example with this executor as the task executor preference: its child tasks,
/// the default actors they call and every continuation they resume land here, so "nothing ready"
/// really means "everyone is waiting". Timings then come out exact (three jobs of 2 s, 3 s and
/// 1 s run concurrently take 3.000 s) on an idle laptop and a loaded 2-core CI machine alike.
///
/// Limit: only blocking work sent through `BlockingWork` holds time still. A thread it is not told
/// about (LogTail's reader) can let time run ahead while it works, so the tests of such examples
/// assert what arrived, not when.
final class VirtualTimeExecutor: TaskExecutor, LessonTimeline, BlockingWorkObserver, @unchecked Sendable {
    // @unchecked Sendable, proof: every stored var below is read and written only while `condition`
    // is locked; continuations and jobs are taken out under the lock and resumed or run after
    // unlocking, so none is touched by two threads.
    private let condition = NSCondition()
    private var readyJobs: [UnownedJob] = []
    private var sleepers: [VirtualSleeper] = []
    private var cancelledBeforeSleeping: Set<UInt64> = []
    private var nextSleeperID: UInt64 = 0
    private var virtualNow: Duration = .zero
    private var blockingWorkInFlight = 0
    private var isStopped = false

    init() {
        let thread = Thread { [self] in runLoop() }
        thread.name = "Lessons virtual time"
        thread.start()
    }

    /// Ends the thread once the queue is drained; call when the lesson has finished.
    func stop() {
        locked { isStopped = true }
    }

    // MARK: TaskExecutor

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        locked { readyJobs.append(job) }
    }

    // MARK: LessonTimeline

    var now: Duration { locked { virtualNow } }

    func sleep(until deadline: Duration) async throws {
        if Task.isCancelled { throw CancellationError() }
        let id = locked { () -> UInt64 in nextSleeperID += 1; return nextSleeperID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = locked { () -> Result<Void, any Error>? in
                    if cancelledBeforeSleeping.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= virtualNow { return .success(()) }
                    let index = sleepers.firstIndex { $0.deadline > deadline } ?? sleepers.count
                    sleepers.insert(VirtualSleeper(id: id, deadline: deadline, continuation: continuation), at: index)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let woken = locked { () -> VirtualSleeper? in
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else {
                    cancelledBeforeSleeping.insert(id)
                    return nil
                }
                return sleepers.remove(at: index)
            }
            woken?.continuation.resume(throwing: CancellationError())
        }
    }

    // MARK: BlockingWorkObserver

    func blockingWorkStarted() { locked { blockingWorkInFlight += 1 } }

    func blockingWorkFinished() { locked { blockingWorkInFlight -= 1 } }

    // MARK: The thread

    private func runLoop() {
        condition.lock()
        while true {
            if !readyJobs.isEmpty {
                let batch = readyJobs
                readyJobs = []
                condition.unlock()
                for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
                condition.lock()
            } else if isStopped {
                // The lesson returned; a sleeper still here belongs to a task it forgot to end.
                break
            } else if blockingWorkInFlight == 0, let earliest = sleepers.first?.deadline {
                // Nothing can run and nothing is out on another thread: skip the idle time.
                virtualNow = max(virtualNow, earliest)
                let dueCount = sleepers.firstIndex { $0.deadline > virtualNow } ?? sleepers.count
                let due = sleepers.prefix(dueCount)
                sleepers.removeFirst(dueCount)
                condition.unlock()
                for sleeper in due { sleeper.continuation.resume() }
                condition.lock()
            } else {
                condition.wait()
            }
        }
        condition.unlock()
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

private struct VirtualSleeper {
    let id: UInt64
    let deadline: Duration
    let continuation: CheckedContinuation<Void, any Error>
}
