#if canImport(Glibc)
import Glibc
#endif

/// Reads a FIFO or pipe as GNU tail does: to its first end (the last writer closing), then its
/// last lines; when following, each later writer's lines as they come. A stream has no size and
/// no offset to go back to, so the last lines are kept as they pass (at most `count` of them).
/// Runs on the reader thread; waits in poll(2) on the stream and the wake signal, never spins.
final class StreamReader {
    /// Why reading stopped.
    enum Outcome {
        /// Read to its end, or nobody wants more.
        case finished
        /// The followed name no longer refers to this FIFO: the caller follows what is there now.
        case pathChanged
    }

    private let path: String
    private let options: FollowOptions
    private let sink: any FollowEventSink
    private let wake: WakeSignal
    private let diagnostics: FollowDiagnostics
    private var descriptor: Int32
    private let identity: FileIdentity
    /// A named FIFO gets new writers after the last one left; a pipe (standard input) cannot.
    private let canReopen: Bool
    /// A FIFO reads as empty both before its first writer and after its last: poll tells which.
    /// Anything else (a terminal, a socket) is at its end when a read gives nothing.
    private let isFIFO: Bool
    private var splitter: LineSplitter
    private var buffer: [UInt8]

    /// The stream at `path`, if it is one (a FIFO, or with `inheritedDescriptor` set, whatever
    /// that descriptor is unless a regular file or directory). nil: not a stream, read it as a file.
    init?(path: String, options: FollowOptions, sink: any FollowEventSink, wake: WakeSignal,
          diagnostics: FollowDiagnostics) {
        let inherited = options.inheritedDescriptor
        guard let status = inherited.flatMap(FileStatus.ofDescriptor) ?? Self.statusOfPath(path) else { return nil }
        let kind = status.st_mode & S_IFMT
        let isStream = kind == S_IFIFO || (inherited != nil && kind != S_IFREG && kind != S_IFDIR)
        guard isStream else { return nil }
        // Non-blocking: opening a FIFO without a writer must not hang the reader thread.
        let descriptor = inherited.map { fcntl($0, F_DUPFD_CLOEXEC, 0) } ?? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        self.descriptor = descriptor
        self.path = path
        self.options = options
        self.sink = sink
        self.wake = wake
        self.diagnostics = diagnostics
        identity = FileIdentity(status)
        isFIFO = kind == S_IFIFO
        canReopen = inherited == nil && options.mode != .once
        splitter = LineSplitter(maxLineBytes: options.maxLineBytes)
        buffer = [UInt8](repeating: 0, count: min(options.readChunkBytes, 64 * 1024))
        diagnostics.update { $0.openFiles += 1 }
    }

    deinit {
        close(descriptor)
        diagnostics.update { $0.openFiles -= 1 }
    }

    private static func statusOfPath(_ path: String) -> stat? {
        if case .success(let status) = FileStatus.ofPath(path) { status } else { nil }
    }

    func run() -> Outcome {
        var recent = RecentLines(limit: Self.linesKept(for: options.startPosition))
        var linesToSkip = if case .fromLine(let number) = options.startPosition { max(0, number - 1) } else { 0 }
        let keepsOnlyTheLast = switch options.startPosition {
        case .lastLines, .end: true
        case .beginning, .fromLine: false
        }
        /// Every line from the start position on, as it comes (`-n +N` skips the first N - 1).
        func deliverFromStart(_ batch: LineBatch) -> Bool {
            guard linesToSkip > 0 else { return sink.deliver(.lines(batch)) }
            let skipped = min(linesToSkip, batch.count)
            linesToSkip -= skipped
            let rest = batch.dropping(first: skipped)
            return rest.isEmpty || sink.deliver(.lines(rest))
        }
        // Up to the first end: with -n N only the last lines are delivered, when it comes (none for `.end`).
        let first = readToEnd { batch in
            guard keepsOnlyTheLast else { return deliverFromStart(batch) }
            recent.add(batch)
            return true
        }
        guard first == .endOfStream else { return first == .pathChanged ? .pathChanged : .finished }
        var rest = LineBatch()
        splitter.flush(into: &rest)
        if keepsOnlyTheLast {
            recent.add(rest)
            let kept = recent.batch
            if !kept.isEmpty, !sink.deliver(.lines(kept)) { return .finished }
        } else if !rest.isEmpty, !deliverFromStart(rest) {
            return .finished
        }
        // Following: every later writer's lines as they come.
        while canReopen {
            guard reopen() else { return .pathChanged }
            switch readToEnd(deliverFromStart) {
            case .endOfStream:
                var held = LineBatch()
                splitter.flush(into: &held)  // the writer is gone: its last line is complete
                if !held.isEmpty, !deliverFromStart(held) { return .finished }
            case .pathChanged: return .pathChanged
            case .stopped: return .finished
            }
        }
        return .finished
    }

    private static func linesKept(for start: FollowOptions.StartPosition) -> Int {
        switch start {
        case .beginning, .end, .fromLine: 0
        case .lastLines(let count): count
        }
    }

    private enum ReadOutcome { case endOfStream, pathChanged, stopped }

    /// Reads until the writers are gone, handing each read's complete lines to `deliver`.
    private func readToEnd(_ deliver: (LineBatch) -> Bool) -> ReadOutcome {
        while true {
            if sink.isTerminated { return .stopped }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            let code = errno  // before the counter's lock can change it
            diagnostics.update { $0.reads += 1 }
            if count > 0 {
                var batch = LineBatch()
                buffer.withUnsafeBytes { splitter.split(UnsafeRawBufferPointer(rebasing: $0[..<count]), into: &batch) }
                if !batch.isEmpty, !deliver(batch) { return .stopped }
                continue
            }
            if count < 0 && code == EINTR { continue }
            if count == 0 && !isFIFO { return .endOfStream }
            if count < 0 && code != EAGAIN {
                _ = sink.deliver(.notice(.error(errno: code)))
                return .stopped
            }
            // EAGAIN: no data yet. 0: no writer. Before any writer has come, a FIFO reads as 0
            // too, but poll then reports nothing until one comes and goes (POLLHUP).
            switch waitForData() {
            case .ready(let hungUp): if hungUp && count == 0 { return .endOfStream }
            case .woken: continue
            case .timedOut: if pathChanged() { return .pathChanged }
            case .outputClosed:
                sink.outputClosed()
                return .stopped
            }
        }
    }

    private enum WaitOutcome { case ready(hungUp: Bool), woken, timedOut, outputClosed }

    private func waitForData() -> WaitOutcome {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wake.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        if let output = sink.outputToWatch { descriptors.append(pollfd(fd: output, events: 0, revents: 0)) }
        // By name, look at the path now and then: it may have been replaced by a regular file.
        let timeout = options.mode == .name ? options.pollInterval.pollMilliseconds : -1
        let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
        diagnostics.update { $0.wakeUps += 1 }
        if descriptors.count > 2, descriptors[2].revents & Int16(POLLERR | POLLHUP) != 0 { return .outputClosed }
        if descriptors[1].revents != 0 {
            wake.reset()
            return .woken
        }
        if ready == 0 { return .timedOut }
        let events = descriptors[0].revents
        return .ready(hungUp: events & Int16(POLLHUP | POLLERR) != 0 && events & Int16(POLLIN) == 0)
    }

    private func pathChanged() -> Bool {
        guard options.mode == .name, options.inheritedDescriptor == nil else { return false }
        guard let status = Self.statusOfPath(path) else { return true }
        return FileIdentity(status) != identity
    }

    /// After the last writer left, a new descriptor waits for the next one (the old one would
    /// report the hang-up forever). False when the path is no longer this FIFO.
    private func reopen() -> Bool {
        guard !pathChanged() else { return false }
        let fresh = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fresh >= 0 else { return false }
        // Checked on the descriptor itself: whatever replaced the FIFO since is not read as one.
        guard let status = FileStatus.ofDescriptor(fresh), FileIdentity(status) == identity else {
            close(fresh)
            return false
        }
        close(descriptor)
        descriptor = fresh
        return true
    }
}

/// The last `limit` lines seen, each kept as its own bytes (the batches they came in are dropped).
struct RecentLines {
    let limit: Int
    private var lines: [LogLine] = []
    private var start = 0

    init(limit: Int) { self.limit = limit }

    mutating func add(_ batch: LineBatch) {
        guard limit > 0 else { return }
        for line in batch.suffix(limit) {
            lines.append(LogLine(bytes: ArraySlice(Array(line.bytes)), terminator: line.terminator,
                                 droppedByteCount: line.droppedByteCount))
        }
        if lines.count - start > limit { start = lines.count - limit }
        if start > 4096 || start > lines.count / 2 {
            lines.removeFirst(start)
            start = 0
        }
    }

    /// The kept lines as one batch, as they were in the stream.
    var batch: LineBatch {
        var batch = LineBatch()
        for line in lines[start...] {
            batch.appendBytes(line.bytes)
            batch.appendBytes(line.terminator.bytes)
            batch.endLine(droppedByteCount: line.droppedByteCount)
        }
        return batch
    }
}
