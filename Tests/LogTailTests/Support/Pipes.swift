import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Close-on-exec from the start (pipe2), so no child another test starts meanwhile holds a copy
/// of a reading end and keeps the pipe alive. Glibc's Swift module does not export pipe2.
func makePipe() throws -> (read: Int32, write: Int32) {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    let pipe2 = unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2")), to: Pipe2.self)
    var descriptors: [Int32] = [0, 0]
    try #require(pipe2(&descriptors, O_CLOEXEC) == 0)
    return (descriptors[0], descriptors[1])
}

/// Writes all of `text` to `descriptor` and closes it.
func writeAndClose(_ descriptor: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
        let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        written += count
    }
    close(descriptor)
}

/// Opens the FIFO at `path` for writing once a reader has it open (ENXIO until then), within
/// `eventually`'s deadline.
func openFIFOForWriting(_ path: String) async -> Int32 {
    var descriptor: Int32 = -1
    _ = await eventually {
        descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        return descriptor >= 0
    }
    if descriptor >= 0 { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK) }
    return descriptor
}
