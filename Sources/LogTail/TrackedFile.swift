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

    init(descriptor: Int32, identity: FileIdentity, offset: Int64, maxLineBytes: Int) {
        self.descriptor = descriptor
        self.identity = identity
        self.offset = offset
        self.splitter = LineSplitter(maxLineBytes: maxLineBytes)
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
    func wasTruncated() -> Bool {
        guard let status = FileStatus.ofDescriptor(descriptor) else { return false }
        if Int64(status.st_size) < offset { return true }
        guard !fingerprint.isEmpty else { return false }
        return currentLeadingBytes(count: fingerprint.count) != fingerprint
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
