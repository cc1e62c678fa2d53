#if canImport(Glibc)
import Glibc
#endif

/// An open file being read: where we are in it, how to recognise it, its held partial line.
struct TrackedFile {
    /// Bytes at the start of the file kept to recognise it: a copytruncate that has already
    /// regrown past our offset keeps inode and size plausible, but not its first bytes.
    static let fingerprintLength = 64

    let descriptor: Int32
    let identity: FileIdentity
    var offset: Int64
    var fingerprint: [UInt8] = []
    var splitter: LineSplitter
    /// False for a file whose size says 0 while it reads as text (procfs, sysfs): its size cannot
    /// show a truncation, and its content is generated afresh on each read.
    let reportsItsSize: Bool

    /// The length of the file's content, which is not its size for a file that reports none.
    let lengthAtOpen: Int64

    /// `status` is the descriptor's fstat. A file that says it is empty but reads as text, and
    /// whose size and change time stay as they were while it is read, is generated on reading
    /// (procfs, sysfs): it never reports its size. A written regular file shows both changing.
    init(descriptor: Int32, status: stat, maxLineBytes: Int) {
        self.descriptor = descriptor
        self.identity = FileIdentity(status)
        self.offset = 0
        self.splitter = LineSplitter(maxLineBytes: maxLineBytes)
        lengthAtOpen = Self.contentLength(descriptor, status)
        if status.st_size == 0, lengthAtOpen > 0, let after = FileStatus.ofDescriptor(descriptor) {
            reportsItsSize = after.st_size != 0 || after.st_ctim.tv_sec != status.st_ctim.tv_sec
                || after.st_ctim.tv_nsec != status.st_ctim.tv_nsec
        } else {
            reportsItsSize = true
        }
        refreshFingerprint()
    }

    /// The first bytes as they are now (at most `fingerprintLength`).
    func currentLeadingBytes(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, 0) }
        return Array(bytes.prefix(max(0, got)))
    }

    /// Lengthens the fingerprint while the file is still shorter than a full one. Only ever
    /// extends it: leading bytes that no longer match are a truncation for `wasTruncated` to see,
    /// not a new fingerprint to adopt.
    mutating func refreshFingerprint() {
        guard fingerprint.count < Self.fingerprintLength else { return }
        let leading = currentLeadingBytes(count: Self.fingerprintLength)
        if leading.starts(with: fingerprint) { fingerprint = leading }
    }

    /// True when the file now holds other bytes than the ones we read: it shrank below our offset,
    /// or its beginning differs from what we saw (truncated, then written past our offset again).
    /// `status` is the file's fstat just now.
    func wasTruncated(now status: stat) -> Bool {
        guard reportsItsSize else { return false }
        if Int64(status.st_size) < offset { return true }
        guard !fingerprint.isEmpty else { return false }
        return currentLeadingBytes(count: fingerprint.count) != fingerprint
    }

    /// The file's length: its size, or for a file that reports size 0 what reading it gives,
    /// up to 16 MiB (procfs files are small; they are read to their end once to find where it is).
    static func contentLength(_ descriptor: Int32, _ status: stat) -> Int64 {
        guard status.st_size == 0 else { return Int64(status.st_size) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var length: Int64 = 0
        while length < 16 << 20 {
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(length)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            length += Int64(got)
        }
        return length
    }

    /// Offset where the last `count` lines begin (as `tail -n`): scans backwards from the end.
    static func offsetOfLastLines(_ count: Int, descriptor: Int32, size: Int64) -> Int64 {
        guard count > 0 else { return size }
        let blockSize = 64 * 1024
        var block = [UInt8](repeating: 0, count: blockSize)
        var newlinesNeeded = count
        var end = size
        while end > 0 {
            let start = max(0, end - Int64(blockSize))
            let length = Int(end - start)
            let got = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length, off_t(start)) }
            guard got == length else { return 0 }
            for index in stride(from: length - 1, through: 0, by: -1) where block[index] == 0x0A {
                // The file's own final newline ends the last line; it does not start one.
                if start + Int64(index) == size - 1 { continue }
                newlinesNeeded -= 1
                if newlinesNeeded == 0 { return start + Int64(index) + 1 }
            }
            end = start
        }
        return 0
    }
}
