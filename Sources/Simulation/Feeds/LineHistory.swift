/// The Log pane's bounded history, stored in fixed-size chunks so that a published snapshot and
/// the feed that keeps appending share all but the newest chunk. With one flat buffer, every
/// append after a publish copied all 10,000 lines (a few percent of the dashboard's CPU with a
/// busy log).
public struct LineHistory: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
    static let chunkSize = 256

    /// Every chunk is full except the last; `skip` lines of the first are already dropped.
    private var chunks: [[String]] = []
    private var skip = 0
    public private(set) var count = 0

    public init() {}

    public init(_ lines: some Sequence<String>) {
        append(contentsOf: lines)
    }

    public init(arrayLiteral lines: String...) {
        self.init(lines)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> String {
        precondition(position >= 0 && position < count, "LineHistory index out of range")
        let absolute = skip + position
        return chunks[absolute / Self.chunkSize][absolute % Self.chunkSize]
    }

    public mutating func append(_ line: String) {
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(Self.chunkSize)
        }
        chunks[chunks.count - 1].append(line)
        count += 1
    }

    public mutating func append(contentsOf lines: some Sequence<String>) {
        for line in lines { append(line) }
    }

    /// Drops the `k` oldest lines; whole chunks are released as they empty.
    public mutating func removeFirst(_ k: Int) {
        precondition(k >= 0 && k <= count, "cannot remove \(k) of \(count) lines")
        count -= k
        skip += k
        let emptied = skip / Self.chunkSize
        if emptied > 0 {
            chunks.removeFirst(emptied)
            skip -= emptied * Self.chunkSize
        }
        if count == 0 {
            chunks = []
            skip = 0
        }
    }

    public static func == (lhs: LineHistory, rhs: LineHistory) -> Bool {
        lhs.elementsEqual(rhs)
    }
}
