import DequeModule
import Foundation
import LogTail

/// Follows one file through `LogFollower` and publishes what the Log pane needs: the newest
/// display-safe lines within a bounded history, the follow status and the line rate. Publishing
/// is coalesced to at most `maxPublishRate` a second and stops when the file is quiet.
public actor LogFeed {
    public nonisolated let snapshots: AsyncStream<LogPaneSnapshot>
    private let sink: AsyncStream<LogPaneSnapshot>.Continuation
    private let follower: LogFollower
    private let historyLimit: Int
    private let minimumPublishInterval: Duration
    private var snapshot: LogPaneSnapshot
    private var rate = LineRate()
    private var decayTask: Task<Void, Never>?
    private var lastPublish: ContinuousClock.Instant?
    private var publishScheduled = false
    private let clock = ContinuousClock()
    /// When the file followed is the one the program writes: its write failure, if one comes.
    private let writerFailures: AsyncStream<ActivityLogFailure>?
    /// Once the writer has stopped, the status says so whatever the follower notices afterwards.
    private var writerFailure: ActivityLogFailure?

    public init(path: String, historyLimit: Int = 10_000, maxPublishRate: Int = 30,
                writerFailures: AsyncStream<ActivityLogFailure>? = nil) {
        self.writerFailures = writerFailures
        follower = LogFollower(path: path, options: FollowOptions(startPosition: .lastLines(historyLimit)))
        self.historyLimit = max(1, historyLimit)
        minimumPublishInterval = .seconds(1) / max(1, maxPublishRate)
        snapshot = LogPaneSnapshot(path: path)
        (snapshots, sink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Follows until the calling task is cancelled.
    public func run() async {
        sink.yield(snapshot)
        await withDiscardingTaskGroup { group in
            if let writerFailures {
                group.addTask {
                    for await failure in writerFailures { await self.writerStopped(failure) }
                }
            }
            for await event in follower {
                apply(event)
                publishSoon()
            }
            group.cancelAll()
        }
        sink.finish()
    }

    private func writerStopped(_ failure: ActivityLogFailure) {
        writerFailure = failure
        snapshot.status = .problem(failure.paneStatus)
        publishSoon()
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
            snapshot.status = writerFailure.map { .problem($0.paneStatus) }
                ?? Self.status(for: notice, path: snapshot.fileName, time: Self.wallClock())
        }
    }

    static func status(for notice: FollowNotice, path: String, time: String) -> LogPaneSnapshot.Status {
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
        guard !publishScheduled else { return }
        let now = clock.now
        if let lastPublish, now - lastPublish < minimumPublishInterval {
            publishScheduled = true
            let due = lastPublish + minimumPublishInterval
            Task { [clock] in
                try? await clock.sleep(until: due)
                self.publishScheduledSnapshot()
            }
            return
        }
        publish(at: now)
    }

    private func publishScheduledSnapshot() {
        publishScheduled = false
        publish(at: clock.now)
    }

    private func publish(at now: ContinuousClock.Instant) {
        snapshot.linesPerSecond = rate.perSecond(at: now)
        sink.yield(snapshot)
        lastPublish = now
        if snapshot.linesPerSecond > 0 { scheduleRateDecay() }
    }

    private func scheduleRateDecay() {
        decayTask?.cancel()
        decayTask = Task { [clock] in
            guard (try? await clock.sleep(for: .seconds(1.1))) != nil else { return }
            self.publishScheduledSnapshot()
        }
    }

    private static func wallClock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}

/// Lines per second: the lines recorded in the second before `now`.
struct LineRate {
    private var recent: Deque<(at: ContinuousClock.Instant, count: Int)> = []

    mutating func record(_ count: Int, at instant: ContinuousClock.Instant) {
        recent.append((instant, count))
        forget(before: instant - .seconds(1))
    }

    mutating func perSecond(at now: ContinuousClock.Instant) -> Int {
        forget(before: now - .seconds(1))
        return recent.reduce(0) { $0 + $1.count }
    }

    private mutating func forget(before cutoff: ContinuousClock.Instant) {
        while let first = recent.first, first.at <= cutoff { recent.removeFirst() }
    }
}
