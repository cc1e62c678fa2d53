#if canImport(Glibc)
import Glibc
#endif

/// A pipe the reader thread polls beside inotify, so stopping it needs no timed wake-ups.
/// (Glibc's Swift module does not export eventfd.) Closed in deinit, once neither the reader nor
/// the consumer side holds it, so a late `signal` can never write into a reused descriptor.
final class WakeSignal: Sendable {
    /// The end to poll for reading.
    let fileDescriptor: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            }
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)  // a full pipe already means "wake up": ignore EAGAIN
    }

    /// Consumes pending signals so the next poll blocks again.
    func reset() {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(fileDescriptor, &sink, sink.count) > 0 {}
    }
}
