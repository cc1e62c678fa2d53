import Lessons
import Locking

/// How many blocking calls of the scenes are running on their Dispatch threads now.
final class BlockingWorkCount: BlockingWorkObserver {
    private let count = LockedState(0)

    var inFlight: Int { count.withLock { $0 } }

    func blockingWorkStarted() { count.withLock { $0 += 1 } }

    func blockingWorkFinished() { count.withLock { $0 -= 1 } }
}
