/// Identifies one suspended call (an acquire, a send, a receive) so that its cancellation handler
/// can find and remove exactly that waiter. Allocated in request order, so it doubles as the
/// FIFO sequence number.
public struct WaiterID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    @inlinable
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    @inlinable
    public static func < (lhs: WaiterID, rhs: WaiterID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "w\(rawValue)" }
}

/// Identifies a demo task on a `TaskBoard`. The semaphore accepts one as an optional owner so a
/// snapshot can say *which* task waits or holds a permit ("worker 3 waiting 1.2 s").
public struct TaskID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public static func < (lhs: TaskID, rhs: TaskID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "#\(rawValue)" }
}
