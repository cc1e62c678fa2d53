#if canImport(Glibc)
import Glibc
#endif

/// An open file being read: where we are in it, how to recognise it, its held partial line.
struct TrackedFile {
    /// Bytes at the start of the file kept to recognise it: a copytruncate that has already
    /// regrown past our offset keeps inode and size plausible, but not its first bytes.
    static let fingerprintLength = 64
    /// Bytes read last, just before the offset, kept for the same reason: a log that always
    /// starts with the same header defeats the first bytes, but a rewrite that has regrown past
    /// our offset holds other bytes right before it (the 64 bytes we read last, at the same
    /// place, would have to be the same lines again).
    static let trailLength = 64

    let descriptor: Int32
    let identity: FileIdentity
    private(set) var offset: Int64
    var fingerprint: [UInt8] = []
    /// The last bytes read, ending at `offset` (at most `trailLength`).
    private(set) var trail: [UInt8] = []
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
        bytes(count: count, at: 0)
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
    /// or its beginning or the bytes just before our offset differ from what we read (truncated, then
    /// written past our offset again).
    func wasTruncated() -> Bool {
        guard reportsItsSize, let status = FileStatus.ofDescriptor(descriptor) else { return false }
        if Int64(status.st_size) < offset { return true }
        if !fingerprint.isEmpty && currentLeadingBytes(count: fingerprint.count) != fingerprint { return true }
        return !trail.isEmpty && bytes(count: trail.count, at: offset - Int64(trail.count)) != trail
    }

    /// Moves to `newOffset` (the start position, or 0 after a truncation) and remembers the
    /// bytes before it as the trail.
    mutating func move(to newOffset: Int64) {
        offset = newOffset
        let length = Int(min(Int64(Self.trailLength), newOffset))
        trail = length > 0 ? bytes(count: length, at: newOffset - Int64(length)) : []
    }

    /// Advances past `read`, the bytes just read at `offset`.
    mutating func advance(past read: UnsafeRawBufferPointer) {
        offset += Int64(read.count)
        if read.count >= Self.trailLength {
            trail = Array(read.suffix(Self.trailLength))
        } else {
            trail.append(contentsOf: read)
            if trail.count > Self.trailLength { trail.removeFirst(trail.count - Self.trailLength) }
        }
    }

    private func bytes(count: Int, at position: Int64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(position)) }
        return Array(bytes.prefix(max(0, got)))
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
    /// Where line `number` (from 1) starts: just past the file's `number - 1`th newline, or its
    /// end when it has fewer lines, so that lines written later are the ones printed.
    static func offsetOfLine(_ number: Int, descriptor: Int32, size: Int64) -> Int64 {
        var newlinesToPass = number - 1
        guard newlinesToPass > 0 else { return 0 }
        let blockSize = 64 * 1024
        var block = [UInt8](repeating: 0, count: blockSize)
        var start: Int64 = 0
        while start < size {
            let length = Int(min(Int64(blockSize), size - start))
            let got = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length, off_t(start)) }
            guard got > 0 else { return start }
            for index in 0..<got where block[index] == 0x0A {
                newlinesToPass -= 1
                if newlinesToPass == 0 { return start + Int64(index) + 1 }
            }
            start += Int64(got)
        }
        return size
    }

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
