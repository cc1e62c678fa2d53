import Foundation

/// How many lines the log monitor has seen, with a blocking wait for a count: the writer waits
/// for the monitor to see each line before simulated time moves on (it waits as blocking work,
/// which holds the simulation's time still), so the monitor reports every line at the instant it
/// was written, whatever the file watcher's thread delay, and a scene replays the same.
final class SeenLines: @unchecked Sendable {
    // @unchecked Sendable, proof: `count` is read and written only between `condition.lock()`
    // and `condition.unlock()`; nothing else is stored.
    private let condition = NSCondition()
    private var count = 0

    func add() {
        condition.lock()
        count += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks the calling (Dispatch) thread until `target` lines are seen or `limit` passes, so a
    /// monitor that was cancelled never holds the writer for long.
    func wait(until target: Int, limit: TimeInterval = 2) {
        let deadline = Date(timeIntervalSinceNow: limit)
        condition.lock()
        while count < target, condition.wait(until: deadline) {}
        condition.unlock()
    }
}
