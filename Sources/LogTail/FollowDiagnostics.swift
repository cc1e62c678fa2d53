import Locking

/// Counters the reader thread keeps about itself, so tests can prove "no leak" and "no busy loop"
/// from facts instead of timing: open descriptors, live inotify watches, wake-ups.
final class FollowDiagnostics: Sendable {
    struct Counts: Sendable, Equatable {
        var openFiles = 0
        var watches = 0
        var wakeUps = 0
        /// read(2) calls on followed files: bounded per wake-up, or the reader is looping.
        var reads = 0
        var usesInotify = false
        var inotifyDescriptor: Int32 = -1
        var readerFinished = false
    }

    private let counts = LockedState(Counts())

    var snapshot: Counts { counts.withLock { $0 } }

    func update(_ change: (inout Counts) -> Void) {
        counts.withLock { change(&$0) }
    }
}
