#if canImport(Glibc)
import Glibc
#endif

/// Tells the reader thread *when* to look again; what changed is always found out by checking the
/// path afresh (stat, fstat), so a missed or coalesced inotify event can never mislead it.
/// With inotify it blocks in poll(2) until the directory, a followed file or the wake signal
/// stirs; without, it sleeps in poll(2) for the poll interval.
final class ChangeWatcher {
    private let inotifyDescriptor: Int32
    private let wake: WakeSignal
    private let diagnostics: FollowDiagnostics
    private var directoryWatch: (descriptor: Int32, identity: FileIdentity)?
    private var fileWatches: [FileIdentity: Int32] = [:]
    private var eventBuffer = [UInt8](repeating: 0, count: 16 * 1024)

    private static let directoryEvents = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
    private static let fileEvents = UInt32(IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Without inotify (not wanted, or `makeInotify` failing, e.g. EMFILE at the instance limit)
    /// it polls.
    init(useInotify: Bool, wake: WakeSignal, diagnostics: FollowDiagnostics, makeInotify: (() -> Int32)? = nil) {
        let create = makeInotify ?? { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        inotifyDescriptor = useInotify ? create() : -1
        self.wake = wake
        self.diagnostics = diagnostics
        diagnostics.update { [inotifyDescriptor] in
            $0.usesInotify = inotifyDescriptor >= 0
            $0.inotifyDescriptor = inotifyDescriptor
        }
    }

    deinit {
        if inotifyDescriptor >= 0 { close(inotifyDescriptor) }  // drops every watch with it
        diagnostics.update { $0.watches = 0 }
    }

    var usesInotify: Bool { inotifyDescriptor >= 0 }
    /// Whether creations and renames in the path's directory will wake us.
    var watchesDirectory: Bool { directoryWatch != nil }

    /// Watches `directory` and exactly the open files given (by descriptor, via /proc/self/fd, so
    /// the watch is on the very inode we read, whatever the name points to now).
    /// Returns true when a watch was added: the caller must check again before waiting, because
    /// bytes appended before the watch existed raised no event.
    func watch(directory: String, files: [(identity: FileIdentity, descriptor: Int32)]) -> Bool {
        guard usesInotify else { return false }
        var added = updateDirectoryWatch(directory)
        let wanted = Set(files.map(\.identity))
        for (identity, descriptor) in fileWatches where !wanted.contains(identity) {
            _ = inotify_rm_watch(inotifyDescriptor, descriptor)  // EINVAL if the kernel dropped it: fine
            fileWatches[identity] = nil
        }
        for file in files where fileWatches[file.identity] == nil {
            let descriptor = inotify_add_watch(inotifyDescriptor, "/proc/self/fd/\(file.descriptor)", Self.fileEvents)
            if descriptor >= 0 {
                fileWatches[file.identity] = descriptor
                added = true
            }
        }
        diagnostics.update { [count = fileWatches.count + (directoryWatch == nil ? 0 : 1)] in $0.watches = count }
        return added
    }

    private func updateDirectoryWatch(_ directory: String) -> Bool {
        let current: FileIdentity? = switch FileStatus.ofPath(directory) {
        case .success(let status): FileIdentity(status)
        case .failure: nil
        }
        if let existing = directoryWatch, existing.identity == current { return false }
        if let existing = directoryWatch {
            _ = inotify_rm_watch(inotifyDescriptor, existing.descriptor)
            directoryWatch = nil
        }
        guard let current else { return false }
        let descriptor = inotify_add_watch(inotifyDescriptor, directory, Self.directoryEvents)
        guard descriptor >= 0 else { return false }
        directoryWatch = (descriptor, current)
        return true
    }

    /// Blocks the calling (reader) thread until something may have changed, or `timeout` passes.
    /// nil waits without a timer: a quiet file costs no CPU. Returns false when `output` (the
    /// write end of a pipe or a socket) has lost its reader.
    @discardableResult
    func wait(timeout: Duration?, output: Int32? = nil) -> Bool {
        var descriptors = [pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        if usesInotify { descriptors.append(pollfd(fd: inotifyDescriptor, events: Int16(POLLIN), revents: 0)) }
        // No events asked: poll still reports POLLERR (a pipe without reader) and POLLHUP.
        if let output { descriptors.append(pollfd(fd: output, events: 0, revents: 0)) }
        let milliseconds = timeout?.pollMilliseconds ?? -1
        _ = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        let outputLost = output != nil && descriptors.last!.revents & Int16(POLLERR | POLLHUP) != 0
        diagnostics.update { $0.wakeUps += 1 }
        wake.reset()
        if usesInotify {
            while read(inotifyDescriptor, &eventBuffer, eventBuffer.count) > 0 {}
        }
        return !outputLost
    }
}
