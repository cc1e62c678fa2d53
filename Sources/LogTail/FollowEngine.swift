#if canImport(Glibc)
import Glibc
#endif

/// The reader thread's loop: check the path, read what is new, wait for a change. Runs on a
/// dedicated thread (it blocks in read and poll by design) and reports through a sink.
final class FollowEngine {
    /// What the path was last seen to be; notices are sent when this changes, not on every check.
    private enum PathState: Equatable {
        case notYetOpened
        case missing
        case inaccessible(errno: Int32)
        case untailable(UntailableKind)
        case following
    }

    /// A rotated-away file still read in case its writer has not switched yet.
    private struct RotatedFile {
        var file: TrackedFile
        var lastGrowth: ContinuousClock.Instant
    }

    private static let rotatedFileLimit = 8

    private let path: String
    private let options: FollowOptions
    private let sink: any FollowEventSink
    private let diagnostics: FollowDiagnostics
    private let wake: WakeSignal
    private let watcher: ChangeWatcher
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var current: TrackedFile?
    private var rotated: [RotatedFile] = []
    private var state = PathState.notYetOpened
    private var stopped = false

    init(path: String, options: FollowOptions, sink: any FollowEventSink, wake: WakeSignal, diagnostics: FollowDiagnostics) {
        self.path = path
        self.options = options
        self.sink = sink
        self.diagnostics = diagnostics
        self.wake = wake
        let useInotify = options.changeDetection == .automatic && options.mode != .once
        watcher = ChangeWatcher(useInotify: useInotify, wake: wake, diagnostics: diagnostics,
                                makeInotify: options.testHooks.makeInotify)
        readBuffer = .allocate(byteCount: options.readChunkBytes, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    func run() {
        options.testHooks.onReaderThreadStart?()
        defer { shutDown() }
        if let stream = StreamReader(path: path, options: options, sink: sink, wake: wake, diagnostics: diagnostics) {
            guard stream.run() == .pathChanged else { return }
            state = .untailable(.fifo)  // what is there now "has appeared"
        }
        switch options.mode {
        case .once: readOnce()
        case .name, .descriptor: follow()
        }
    }

    private func follow() {
        var isFirstPass = true
        while !stopped {
            if options.mode == .name { checkPath() } else { checkDescriptor() }
            if isFirstPass {
                isFirstPass = false
                options.testHooks.afterFirstRead?()
            }
            if stopped || sink.isTerminated { break }
            let openFiles = ([current] + rotated.map(\.file)).compactMap { $0 }
            if watcher.watch(directory: FileStatus.parentDirectory(of: path),
                             files: openFiles.map { ($0.identity, $0.descriptor) }) {
                continue  // a new watch: whatever was appended before it existed raised no event
            }
            guard watcher.wait(timeout: waitTimeout(), output: sink.outputToWatch) else {
                sink.outputClosed()
                break
            }
            if sink.isTerminated { break }
        }
    }

    /// nil (no timer) whenever inotify will see every relevant change.
    private func waitTimeout() -> Duration? {
        guard watcher.usesInotify else { return options.pollInterval }
        var timeout: Duration? = nil
        if options.mode == .name && (!watcher.watchesDirectory || FileStatus.isSymbolicLink(path)) {
            timeout = options.pollInterval  // a missing directory or a symlink's far target: nothing to watch
        }
        if options.mode == .name, current == nil, case .failure = FileStatus.ofPath(path) {
            // Waiting for the file to (re)appear. A directory removed and re-created at once can
            // come back with the same inode number, and its watch then stays dead without our
            // noticing; polling while the path is missing cannot be fooled, and costs nothing
            // while a file is followed (or something untailable sits at the path).
            timeout = options.pollInterval
        }
        if let oldest = rotated.map(\.lastGrowth).min() {
            let remaining = max(.milliseconds(1), options.rotatedFileGracePeriod - (ContinuousClock.now - oldest))
            timeout = min(timeout ?? remaining, remaining)
        }
        return timeout
    }

    // MARK: Modes

    private func readOnce() {
        guard openPath() else { return }
        if var file = current {
            drain(&file)
            flushPartialLine(of: &file)
            current = file
        }
    }

    private func checkDescriptor() {
        if current == nil {
            guard openPath() else { stopped = true; return }  // `tail -f` of a missing file gives up
        }
        guard var file = current else { return }
        drain(&file)
        current = file
    }

    private func checkPath() {
        drainRotatedFiles()
        switch FileStatus.ofPath(path) {
        case .failure(let code):
            pathUnavailable(errno: code)
        case .success(let status):
            if let kind = FileStatus.untailableKind(status) {
                becameUntailable(kind)
            } else if var file = current, file.identity == FileIdentity(status) {
                drain(&file)
                current = file
            } else if let index = rotated.firstIndex(where: { $0.file.identity == FileIdentity(status) }) {
                resumeRotatedFile(at: index)
            } else if current != nil {
                retireCurrentFile()
                _ = openPath(notice: .replaced)
            } else {
                _ = openPath()
            }
        }
    }

    // MARK: Path changes

    private func pathUnavailable(errno code: Int32) {
        let isMissing = code == ENOENT || code == ENOTDIR
        if let file = current {
            let linkCount = FileStatus.ofDescriptor(file.descriptor)?.st_nlink ?? 0
            retireCurrentFile()
            // Unreadable is not gone: the notice names the real cause (EACCES on the directory).
            send(.notice(!isMissing ? .inaccessible(errno: code) : linkCount == 0 ? .deleted : .movedAway))
            state = isMissing ? .missing : .inaccessible(errno: code)
            return
        }
        let newState: PathState = isMissing ? .missing : .inaccessible(errno: code)
        guard newState != state else { return }
        // After a deletion or move the notice already said so; "waiting" is for a fresh absence.
        let alreadyReported = state == .missing
        state = newState
        if !alreadyReported || !isMissing {
            send(.notice(isMissing ? .waiting(errno: code) : .inaccessible(errno: code)))
        }
    }

    private func becameUntailable(_ kind: UntailableKind) {
        if current != nil { retireCurrentFile() }
        guard state != .untailable(kind) else { return }
        state = .untailable(kind)
        send(.notice(.notRegularFile(kind)))
    }

    /// Opens the path and reads it. `notice` overrides the one derived from the previous state.
    @discardableResult
    private func openPath(notice: FollowNotice? = nil) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if options.mode == .name { pathUnavailable(errno: code) } else { send(.notice(.inaccessible(errno: code))) }
            return false
        }
        guard let status = FileStatus.ofDescriptor(descriptor) else {
            close(descriptor)
            return false
        }
        if let kind = FileStatus.untailableKind(status) {  // pread cannot read a FIFO or device
            close(descriptor)
            becameUntailable(kind)
            return false
        }
        diagnostics.update { $0.openFiles += 1 }
        let isFirstOpen = state == .notYetOpened
        startFollowing(notice: notice)
        var file = TrackedFile(descriptor: descriptor, status: status, maxLineBytes: options.maxLineBytes)
        if isFirstOpen { file.move(to: startOffset(descriptor: descriptor, size: file.lengthAtOpen)) }
        drain(&file)
        current = file
        return true
    }

    /// The path is followed again: says so in the words the previous state calls for, unless
    /// `notice` says otherwise.
    private func startFollowing(notice: FollowNotice?) {
        let derivedNotice: FollowNotice? = switch state {
        case .notYetOpened, .following: nil
        case .inaccessible(errno: EACCES): .becameAccessible
        case .missing, .inaccessible, .untailable: .appeared
        }
        state = .following
        if let notice = notice ?? derivedNotice { send(.notice(notice)) }
    }

    /// The name refers again to a file we still have open as rotated (moved away and back, or
    /// its directory was unreadable for a while): read on where we were. Opening it anew would
    /// print from its first byte what was already printed, while the old descriptor, still read
    /// for the grace period, printed the new lines a second time.
    private func resumeRotatedFile(at index: Int) {
        var file = rotated.remove(at: index).file
        let replacesCurrent = current != nil
        if replacesCurrent { retireCurrentFile() }
        startFollowing(notice: replacesCurrent ? .replaced : nil)
        drain(&file)
        current = file
    }

    private func startOffset(descriptor: Int32, size: Int64) -> Int64 {
        switch options.startPosition {
        case .beginning: 0
        case .end: size
        case .lastLines(let count): TrackedFile.offsetOfLastLines(count, descriptor: descriptor, size: size)
        case .fromLine(let number): TrackedFile.offsetOfLine(number, descriptor: descriptor, size: size)
        }
    }

    private func restartAfterTruncation(_ file: inout TrackedFile) {
        flushPartialLine(of: &file)  // bytes that were in the file are delivered, not discarded
        send(.notice(.truncated))
        file.move(to: 0)
        file.fingerprint = []
        file.refreshFingerprint()
    }

    /// Reads the followed file to its end and keeps it open a while as a rotated file.
    private func retireCurrentFile() {
        guard var file = current else { return }
        current = nil
        drain(&file)
        rotated.append(RotatedFile(file: file, lastGrowth: .now))
        while rotated.count > Self.rotatedFileLimit { closeRotated(rotated.removeFirst().file) }
    }

    private func drainRotatedFiles() {
        let now = ContinuousClock.now
        rotated = rotated.compactMap { entry in
            var entry = entry
            if drain(&entry.file) > 0 { entry.lastGrowth = now }
            if now - entry.lastGrowth >= options.rotatedFileGracePeriod {
                closeRotated(entry.file)
                return nil
            }
            return entry
        }
    }

    // MARK: Reading

    /// Reads `file` to its current end, sending one batch per read. Returns the bytes read.
    @discardableResult
    private func drain(_ file: inout TrackedFile) -> Int {
        var total = 0
        while !stopped {
            // Checked before every read, not once per wake-up: the reader may have waited in
            // back-pressure, and reading on at the old offset of a regrown file yields garbage.
            if file.wasTruncated() { restartAfterTruncation(&file) }
            let count = pread(file.descriptor, readBuffer.baseAddress, readBuffer.count, off_t(file.offset))
            let code = errno  // before the counter's lock can change it
            diagnostics.update { $0.reads += 1 }
            if count == 0 { break }
            if count < 0 {
                if code == EINTR { continue }
                if code != EAGAIN { send(.notice(.error(errno: code))) }
                break
            }
            file.advance(past: UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
            total += count
            var batch = LineBatch()
            file.splitter.split(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]), into: &batch)
            if !batch.isEmpty { send(.lines(batch)) }
        }
        if total > 0 { file.refreshFingerprint() }
        return total
    }

    private func flushPartialLine(of file: inout TrackedFile) {
        var batch = LineBatch()
        file.splitter.flush(into: &batch)
        if !batch.isEmpty { send(.lines(batch)) }
    }

    /// A rotated file will not grow any more: its held last line is complete.
    private func closeRotated(_ file: TrackedFile) {
        var file = file
        flushPartialLine(of: &file)
        Glibc.close(file.descriptor)
        diagnostics.update { $0.openFiles -= 1 }
    }

    private func send(_ event: FollowEvent) {
        guard !stopped else { return }
        if !sink.deliver(event) { stopped = true }
    }

    private func shutDown() {
        if let file = current {
            Glibc.close(file.descriptor)
            diagnostics.update { $0.openFiles -= 1 }
        }
        for entry in rotated {
            Glibc.close(entry.file.descriptor)
            diagnostics.update { $0.openFiles -= 1 }
        }
        current = nil
        rotated = []
        sink.finish()
    }
}
