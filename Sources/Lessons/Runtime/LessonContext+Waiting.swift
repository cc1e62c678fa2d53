import AsyncDemoCore

extension LessonContext {
    /// `semaphore.withPermit(for:_:)`, except that in a scene the named task it runs in shows
    /// waiting while no permit is free (and only then).
    public func withPermit<Value>(
        of semaphore: AsyncSemaphore, for owner: TaskID? = nil, _ body: () async throws -> Value
    ) async throws -> Value {
        // `acquire` refuses a cancelled task before it looks at the permits; `tryAcquire` does not.
        try Task.checkCancellation()
        if !semaphore.tryAcquire(for: owner) {
            try await waiting(for: .semaphore) { try await semaphore.acquire(for: owner) }
        }
        defer { semaphore.release(for: owner) }
        return try await body()
    }

    /// The next item of `queue`, as `for await item in queue` takes it (nil once it is closed and
    /// drained, or the task is cancelled), except that in a scene the named task it runs in shows
    /// waiting while the queue is empty (and only then).
    public func receive<Element: Sendable>(from queue: BoundedQueue<Element>) async -> Element? {
        guard TrackedLessonTask.current != nil, !Task.isCancelled else { return try? await queue.receive() }
        if let item = queue.poll() { return item }
        if queue.snapshot().isClosed { return nil }
        return try? await waiting(for: .queueEmpty) { try await queue.receive() }
    }
}
