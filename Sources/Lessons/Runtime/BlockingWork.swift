import Dispatch

/// Told when blocking work leaves for another thread and when it is back, so virtual time does
/// not jump ahead while a file is still being read (and a stepped dashboard does not step on).
public protocol BlockingWorkObserver: Sendable {
    func blockingWorkStarted()
    func blockingWorkFinished()
}

/// Runs blocking calls (file reads and writes, /proc) on Dispatch threads, never on the
/// cooperative pool: a task that blocks there starves every other task (the pool has one thread
/// a core: on two cores, 32 tasks each blocking 200 ms took 3.2 s).
public struct BlockingWork: Sendable {
    /// Concurrent: the batch and search examples keep several files in flight at once.
    private static let queue = DispatchQueue(label: "Lessons blocking work", attributes: .concurrent)

    let observer: (any BlockingWorkObserver)?

    /// Runs `work` on a Dispatch thread and suspends the calling task until it returns.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        observer?.blockingWorkStarted()
        return try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { [observer] in
                continuation.resume(with: Result { try work() })
                // After the resume: the woken task is already queued, so time cannot slip past it.
                observer?.blockingWorkFinished()
            }
        }
    }
}
