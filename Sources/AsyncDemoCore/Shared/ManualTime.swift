import Locking

/// A time source that moves only when told to: tests advance it explicitly, so a timestamp or
/// a "waited 1.2 s" figure never depends on scheduling luck, and a sleep on it ends exactly when
/// an `advance` reaches its deadline.
public final class ManualTime: Sendable {
    private struct Sleeper {
        let deadline: SimulationInstant
        /// nil between announcing the sleep and parking it, so a cancel in between is not lost.
        var parked: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var now: SimulationInstant
        var sleepers: [UInt64: Sleeper] = [:]
        var nextSleeper: UInt64 = 0
    }

    private let state: LockedState<State>

    public init(start: SimulationInstant = .start) {
        state = LockedState(State(now: start))
    }

    public var now: SimulationInstant { state.withLock { $0.now } }

    /// How many tasks sleep on this time now (for tests of what wakes and what does not).
    public var sleeping: Int { state.withLock { $0.sleepers.count } }

    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let ids = state.sleepers.filter { $0.value.deadline <= now && $0.value.parked != nil }.keys
            return ids.compactMap { state.sleepers.removeValue(forKey: $0)?.parked }
        }
        for sleeper in due { sleeper.resume() }
    }

    public func sleep(until deadline: SimulationInstant) async throws {
        let id = state.withLock { state in
            state.nextSleeper &+= 1
            state.sleepers[state.nextSleeper] = Sleeper(deadline: deadline)
            return state.nextSleeper
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    // Gone: cancelled before it could park.
                    guard state.sleepers[id] != nil else { return .failure(CancellationError()) }
                    if state.now >= deadline {
                        state.sleepers[id] = nil
                        return .success(())
                    }
                    state.sleepers[id]?.parked = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let parked = state.withLock { $0.sleepers.removeValue(forKey: id)?.parked }
            parked?.resume(throwing: CancellationError())
        }
    }

    public var source: TimeSource {
        TimeSource(now: { [self] in now }, sleep: { [self] in try await sleep(until: $0) })
    }
}
