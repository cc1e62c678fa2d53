/// How a line ended in the file. Kept so a byte-exact consumer (`tail` into a pipe) can write the
/// line back unchanged even though `bytes` has the CR of a CRLF removed.
public enum LineTerminator: Sendable, Equatable {
    case lineFeed
    case carriageReturnLineFeed
    /// The file ended without a newline and nothing more will come (end of a non-follow read, or
    /// the last bytes of a rotated-away file once it is closed).
    case none

    public var bytes: [UInt8] {
        switch self {
        case .lineFeed: [0x0A]
        case .carriageReturnLineFeed: [0x0D, 0x0A]
        case .none: []
        }
    }
}

/// One line of the followed file.
public struct LogLine: Sendable, Equatable {
    /// The line's bytes without its terminator, cut to the follower's `maxLineBytes`.
    public var bytes: ArraySlice<UInt8>
    public var terminator: LineTerminator
    /// Bytes of this line beyond `maxLineBytes` that were counted and discarded.
    public var droppedByteCount: Int

    /// The bytes as text, invalid UTF-8 repaired; not yet safe for a terminal (see `DisplaySafety`).
    public var lossyText: String { String(decoding: bytes, as: UTF8.self) }
}

/// Lines read by one `read(2)`, stored back to back in one buffer: handing the consumer a batch
/// instead of one event per line is what keeps the follower at millions of lines per second.
public struct LineBatch: Sendable, RandomAccessCollection {
    /// Each line's bytes followed by its terminator, line after line.
    private(set) var storage: [UInt8] = []
    /// `storage` offset just past each line's terminator.
    private(set) var ends: [Int] = []
    /// Line index -> bytes dropped from that line. Rare, so a dictionary beats a per-line array.
    private(set) var droppedByteCounts: [Int: Int] = [:]

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }
    /// Bytes held, terminators included.
    public var byteCount: Int { storage.count }

    public subscript(index: Int) -> LogLine {
        let start = index == 0 ? 0 : ends[index - 1]
        var end = ends[index]
        var terminator = LineTerminator.none
        if end > start, storage[end - 1] == 0x0A {
            end -= 1
            terminator = .lineFeed
            if end > start, storage[end - 1] == 0x0D {
                end -= 1
                terminator = .carriageReturnLineFeed
            }
        }
        return LogLine(bytes: storage[start..<end], terminator: terminator,
                       droppedByteCount: droppedByteCounts[index] ?? 0)
    }

    /// The lines as they were in the file (terminators included), for byte-exact output.
    public func withRawBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes(body)
    }

    /// The same lines without the first `count`.
    func dropping(first count: Int) -> LineBatch {
        guard count > 0 else { return self }
        var rest = LineBatch()
        guard count < ends.count else { return rest }
        let cut = ends[count - 1]
        rest.storage = Array(storage[cut...])
        rest.ends = ends[count...].map { $0 - cut }
        for (index, dropped) in droppedByteCounts where index >= count { rest.droppedByteCounts[index - count] = dropped }
        return rest
    }

    // MARK: Building (LineSplitter only)

    mutating func reserve(bytes: Int, lines: Int) {
        storage.reserveCapacity(storage.count + bytes)
        ends.reserveCapacity(ends.count + lines)
    }

    /// Appends whole lines already laid out in `bytes`; `lineEnds` are offsets into `bytes`.
    mutating func appendLines(_ bytes: UnsafeRawBufferPointer, lineEnds: some Sequence<Int>) {
        let base = storage.count
        storage.append(contentsOf: bytes)
        for end in lineEnds { ends.append(base + end) }
    }

    /// Starts a line to be filled by `appendBytes` and closed by `endLine`.
    mutating func appendBytes(_ bytes: some Collection<UInt8>) {
        storage.append(contentsOf: bytes)
    }

    mutating func endLine(droppedByteCount: Int) {
        if droppedByteCount > 0 { droppedByteCounts[ends.count] = droppedByteCount }
        ends.append(storage.count)
    }
}
