import Foundation

/// An open file read in chunks; every read goes through `BlockingWork`, never on the pool.
public final class ChunkReader: Sendable {
    private let handle: FileHandle
    private let blocking: BlockingWork

    private init(handle: FileHandle, blocking: BlockingWork) {
        self.handle = handle
        self.blocking = blocking
    }

    /// Opens `path` for reading (the open itself also off the pool).
    public static func open(path: String, blocking: BlockingWork) async throws -> ChunkReader {
        let handle = try await blocking.run {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            return handle
        }
        return ChunkReader(handle: handle, blocking: blocking)
    }

    deinit { try? handle.close() }

    /// Up to `count` bytes; empty at the end of the file.
    public func read(upTo count: Int) async throws -> Data {
        try await blocking.run { [handle] in try handle.read(upToCount: count) ?? Data() }
    }
}

/// The lines of a file as an AsyncSequence: read a chunk at a time, so memory stays at one chunk
/// plus one line however long the file is.
public struct FileLines: AsyncSequence, Sendable {
    public typealias Element = String

    let path: String
    let blocking: BlockingWork
    let chunkBytes: Int

    public init(path: String, blocking: BlockingWork, chunkBytes: Int = 64 * 1024) {
        self.path = path
        self.blocking = blocking
        self.chunkBytes = chunkBytes
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(lines: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let lines: FileLines
        var reader: ChunkReader?
        var pending: [UInt8] = []
        /// Where the next line starts in `pending`; consumed bytes are dropped only before a read,
        /// so taking a line costs its own length, not the chunk's.
        var lineStart = 0
        var atEnd = false

        public mutating func next() async throws -> String? {
            while true {
                if let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                    defer { lineStart = newline + 1 }
                    return String(decoding: pending[lineStart..<newline], as: UTF8.self)
                }
                if atEnd {
                    guard lineStart < pending.count else { return nil }
                    defer { lineStart = pending.count }
                    return String(decoding: pending[lineStart...], as: UTF8.self)
                }
                if reader == nil { reader = try await ChunkReader.open(path: lines.path, blocking: lines.blocking) }
                guard let openReader = reader else { return nil }
                pending.removeFirst(lineStart)
                lineStart = 0
                let chunk = try await openReader.read(upTo: lines.chunkBytes)
                if chunk.isEmpty { atEnd = true } else { pending.append(contentsOf: chunk) }
            }
        }
    }
}
