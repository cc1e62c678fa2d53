import Locking

/// A value several tasks update and the example reads at the end (counts, maxima, logs of what
/// happened) without needing an actor hop for each tally.
public final class Recorded<Value: Sendable>: Sendable {
    private let storage: LockedState<Value>

    public init(_ initial: Value) {
        storage = LockedState(initial)
    }

    public var value: Value { storage.withLock { $0 } }

    @discardableResult
    public func update<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        storage.withLock { body(&$0) }
    }
}
