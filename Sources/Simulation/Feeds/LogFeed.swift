import Foundation
import LogTail

/// Follows one file through `LogFollower` and publishes what the Log pane needs: the newest
/// display-safe lines within a bounded history, the follow status and the line rate. Publishing
/// is coalesced to at most `maxPublishRate` a second and stops when the file is quiet.
public actor LogFeed {
    public nonisolated let snapshots: AsyncStream<LogSnapshot>
    private let sink: AsyncStream<LogSnapshot>.Continuation
    private let follower: LogFollower
    private let historyLimit: Int
    private let minimumPublishInterval: Duration
    private var snapshot: LogSnapshot
    private var rate = LineRate()
    /// The feed's two timers: a publish held back by the rate limit, and the publish that lets
    /// the line rate fall to zero. Both belong to `run`, which ends them before it returns.
    private var scheduledPublish: Task<Void, Never>?
    private var decayTask: Task<Void, Never>?
    private var decayDue: ContinuousClock.Instant?
    private var lastPublish: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    public init(path: String, historyLimit: Int = 10_000, maxPublishRate: Int = 30) {
        follower = LogFollower(path: path, options: FollowOptions(startPosition: .lastLines(historyLimit)))
        self.historyLimit = max(1, historyLimit)
        minimumPublishInterval = .seconds(1) / max(1, maxPublishRate)
        snapshot = LogSnapshot(path: path)
        (snapshots, sink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Follows until the calling task is cancelled; returns once its timers have ended too.
    public func run() async {
        sink.yield(snapshot)
        for await event in follower {
            apply(event)
            publishSoon()
        }
        let timers = [scheduledPublish, decayTask].compactMap { $0 }
        scheduledPublish = nil
        decayTask = nil
        for timer in timers { timer.cancel() }
        for timer in timers { await timer.value }
        sink.finish()
    }

    private func apply(_ event: FollowEvent) {
        switch event {
        case .lines(let batch):
            for line in batch {
                var text = DisplaySafety.sanitize(line.bytes)
                if line.droppedByteCount > 0 { text += " [\(line.droppedByteCount) bytes cut]" }
                snapshot.lines.append(text)
            }
            let overflow = snapshot.lines.count - historyLimit
            if overflow > 0 { snapshot.lines.removeFirst(overflow) }
            snapshot.totalLines += batch.count
            rate.record(batch.count, at: clock.now)
            if snapshot.status == .starting { snapshot.status = .following }
        case .notice(let notice):
            snapshot.status = Self.status(for: notice, path: snapshot.fileName, time: Self.wallClock())
        }
    }

    static func status(for notice: FollowNotice, path: String, time: String) -> LogSnapshot.Status {
        switch notice {
        case .waiting: .waiting(reason: "waiting for \(path)")
        case .appeared, .becameAccessible: .following
        case .truncated: .restarted(what: "truncated", at: time)
        case .replaced: .restarted(what: "rotated", at: time)
        case .movedAway: .waiting(reason: "\(path) moved away; waiting for a new one")
        case .deleted: .waiting(reason: "\(path) deleted; waiting for it to return")
        case .inaccessible(let code): .problem("cannot read \(path): \(FollowNotice.describe(errno: code))")
        case .notRegularFile(.directory): .problem("\(path) is a directory")
        case .notRegularFile(.fifo): .problem("\(path) is a FIFO, not a file")
        case .notRegularFile: .problem("\(path) is not a regular file")
        case .error(let code): .problem("error reading \(path): \(FollowNotice.describe(errno: code))")
        }
    }

    /// Publishes now, or once when the minimum interval has passed; one more publish a second
    /// after the last change lets the line rate fall back to zero, then the feed is silent.
    private func publishSoon() {
        guard scheduledPublish == nil else { return }
        let now = clock.now
        if let lastPublish, now - lastPublish < minimumPublishInterval {
            let due = lastPublish + minimumPublishInterval
            scheduledPublish = Task { [clock] in
                guard (try? await clock.sleep(until: due)) != nil else { return }
                scheduledPublish = nil
                publish(at: clock.now)
            }
            return
        }
        publish(at: now)
    }

    private func publish(at now: ContinuousClock.Instant) {
        snapshot.linesPerSecond = rate.perSecond(at: now)
        sink.yield(snapshot)
        lastPublish = now
        if snapshot.linesPerSecond > 0 { scheduleRateDecay() }
    }

    /// One timer at most: a publish while it sleeps pushes its deadline back instead of
    /// starting another.
    private func scheduleRateDecay() {
        decayDue = clock.now + .seconds(1.1)
        guard decayTask == nil else { return }
        decayTask = Task { [clock] in
            while let due = decayDue, (try? await clock.sleep(until: due)) != nil {
                guard due == decayDue else { continue }
                decayTask = nil
                decayDue = nil
                publish(at: clock.now)
                return
            }
        }
    }

    private static func wallClock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}
