import Foundation

/// A task executor that runs every job on one dedicated thread, oldest first: the shape of
/// asyncio's event loop, so `--executor one-thread` compares the core with asyncio like for like
/// (one thread each), and the shape of the simulation's serial executor.
///
/// Set as the task executor preference of the workload's task, it is inherited by task-group
/// children, and every continuation they resume comes back here (an unstructured `Task {}` would
/// not inherit it: the workloads use none).
final class OneThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable, proof: `pending`, `isLoopWaiting` and `isStopped` are read and written
    // only while `condition` is locked; a batch of jobs is taken out under the lock and run after
    // unlocking, on the executor's thread alone, so no job is touched by two threads.
    private let condition = NSCondition()
    private var pending: [UnownedJob] = []
    private var isLoopWaiting = false
    private var isStopped = false

    init(name: String) {
        let thread = Thread { [self] in runLoop() }
        thread.name = name
        thread.start()
    }

    /// Lets the thread end once every job enqueued so far has run; call when the workload is done.
    func stop() {
        condition.lock()
        isStopped = true
        condition.signal()
        condition.unlock()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        // A job after `stop` would never run: the workload it belongs to would hang, not fail.
        precondition(!isStopped, "a job was enqueued on a stopped OneThreadExecutor")
        pending.append(job)
        // Almost every job is enqueued by the loop's own thread while it runs a batch: signal
        // only a loop that sleeps.
        if isLoopWaiting { condition.signal() }
        condition.unlock()
    }

    private func runLoop() {
        let executor = asUnownedTaskExecutor()
        // Two arrays swapped in turn, so a batch costs no allocation once both have grown.
        var batch: [UnownedJob] = []
        condition.lock()
        while true {
            if !pending.isEmpty {
                swap(&batch, &pending)
                condition.unlock()
                for job in batch { job.runSynchronously(on: executor) }
                batch.removeAll(keepingCapacity: true)
                condition.lock()
            } else if isStopped {
                break
            } else {
                isLoopWaiting = true
                condition.wait()
                isLoopWaiting = false
            }
        }
        condition.unlock()
    }
}
