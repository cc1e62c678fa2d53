import Foundation
import Locking
import Testing
@testable import LogTail

/// What a follower delivered so far, in order.
struct FollowRecord: Sendable {
    var lines: [LogLine] = []
    var notices: [FollowNotice] = []

    var texts: [String] { lines.map(\.lossyText) }
}

/// Runs one follower in a consuming task and records everything it delivers.
final class FollowHarness: Sendable {
    let follower: LogFollower
    private let record = LockedState(FollowRecord())
    private let consumer: Task<Void, Never>

    init(path: String, options: FollowOptions = .testDefaults) {
        follower = LogFollower(path: path, options: options)
        let record = self.record
        consumer = Task { [follower] in
            for await event in follower {
                record.withLock { record in
                    switch event {
                    case .lines(let batch): record.lines.append(contentsOf: batch)
                    case .notice(let notice): record.notices.append(notice)
                    }
                }
            }
        }
    }

    var snapshot: FollowRecord { record.withLock { $0 } }
    var diagnostics: FollowDiagnostics.Counts { follower.diagnostics.snapshot }

    /// Waits until `condition` holds of what was delivered; records a test failure if it never does.
    @discardableResult
    func waitUntil(_ what: String, timeout: Duration = .seconds(30),
                   sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: (FollowRecord) -> Bool) async -> Bool {
        let held = await eventually(timeout: timeout) { condition(snapshot) }
        if !held { Issue.record("timed out waiting for \(what); got \(snapshot)", sourceLocation: sourceLocation) }
        return held
    }

    func waitForLines(_ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) async {
        await waitUntil("lines \(expected)", sourceLocation: sourceLocation) { $0.texts == expected }
    }

    func waitForNotice(_ notice: FollowNotice, sourceLocation: SourceLocation = #_sourceLocation) async {
        await waitUntil("notice \(notice)", sourceLocation: sourceLocation) { $0.notices.contains(notice) }
    }

    /// Waits until the reader thread has started and checked the path once.
    func waitUntilWatching(sourceLocation: SourceLocation = #_sourceLocation) async {
        let started = await eventually { diagnostics.wakeUps > 0 || diagnostics.watches > 0 }
        #expect(started, sourceLocation: sourceLocation)
    }

    /// Cancels the consumer and waits for the reader thread to finish and close everything.
    func stop(sourceLocation: SourceLocation = #_sourceLocation) async {
        consumer.cancel()
        await consumer.value
        let finished = await eventually { diagnostics.readerFinished }
        #expect(finished, "reader thread did not stop", sourceLocation: sourceLocation)
        #expect(diagnostics.openFiles == 0, sourceLocation: sourceLocation)
    }
}

extension FollowOptions {
    /// Whole-file reads and short timers so tests finish fast; inotify unless a test says otherwise.
    static var testDefaults: FollowOptions {
        FollowOptions(startPosition: .beginning, pollInterval: .milliseconds(20),
                      rotatedFileGracePeriod: .seconds(30))
    }
}
