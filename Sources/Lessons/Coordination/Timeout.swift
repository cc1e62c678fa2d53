/// Thrown by `withTimeout` when the operation did not finish in time.
public struct TimeoutError: Error, Equatable, CustomStringConvertible {
    public let limit: Duration

    public var description: String { "timed out after \(Narrator.seconds(limit)) s" }
}

/// Runs `operation`, but gives up after `limit` on `clock`: the operation is cancelled and
/// `TimeoutError` thrown. Returns only once the operation has ended, so nothing outlives the call
/// (an operation that ignores cancellation delays the timeout until it does end).
public func withTimeout<Success: Sendable>(
    _ limit: Duration, clock: some Clock<Duration> = ContinuousClock(),
    operation: @escaping @Sendable () async throws -> Success
) async throws -> Success {
    try await withThrowingTaskGroup(of: Success?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await clock.sleep(for: limit)
            return nil
        }
        // Whichever ends first decides; the other is cancelled when we leave.
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimeoutError(limit: limit) }
        return value
    }
}

/// Two calls under a 2 s limit: one answers in 1 s, the other would take 5 s and is cancelled.
public enum TimeoutDemo {
    public struct Outcome: Sendable {
        public let fastResult: String
        public let slowError: TimeoutError?
        public let slowWasCancelled: Bool
        public let slowGaveUpAt: Duration
    }

    public static let limit = Duration.seconds(2)

    public static func run(_ context: LessonContext) async throws -> Outcome {
        context.say("fast call (1 s) with a \(Narrator.seconds(limit)) s limit")
        context.mark(.countdownStarted(label: "fast call", limit: limit))
        let fast = try await withTimeout(limit, clock: context.clock) {
            try await context.sleep(.seconds(1))
            return "fast answer"
        }
        context.mark(.countdownEnded(label: "fast call", timedOut: false))
        context.say("got: \(fast)")
        context.say("slow call (5 s) with a \(Narrator.seconds(limit)) s limit")
        let cancelled = Recorded(false)
        let start = context.clock.now
        context.mark(.countdownStarted(label: "slow call", limit: limit))
        var slowError: TimeoutError?
        do {
            _ = try await withTimeout(limit, clock: context.clock) {
                do {
                    try await context.sleep(.seconds(5))
                } catch is CancellationError {
                    cancelled.update { $0 = true }
                    context.say("slow call: cancelled")
                    throw CancellationError()
                }
                return "slow answer"
            }
        } catch let error as TimeoutError {
            context.mark(.countdownEnded(label: "slow call", timedOut: true))
            slowError = error
            context.say("caught: \(error)")
        }
        return Outcome(fastResult: fast, slowError: slowError, slowWasCancelled: cancelled.value,
                       slowGaveUpAt: start.duration(to: context.clock.now))
    }
}
