/// Cuts a byte stream into lines at `\n`, refusing a line longer than `longestLine` before it
/// is whole, so a peer that never sends a newline cannot make the reader hold more than that.
package struct LineFramer: Sendable {
    package let longestLine: Int
    private var pending: [UInt8] = []
    /// Where the next line begins in `pending` (consumed bytes are dropped in bulk).
    private var start = 0

    package init(longestLine: Int) {
        self.longestLine = longestLine
    }

    package struct LineTooLong: Error, Equatable {
        package let limit: Int
    }

    package mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0, start >= pending.count / 2 {
            pending.removeFirst(start)
            start = 0
        }
        pending.append(contentsOf: bytes)
    }

    /// The next whole line, without its newline; nil until one is whole.
    package mutating func nextLine() throws(LineTooLong) -> ArraySlice<UInt8>? {
        guard let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) else {
            if pending.count - start > longestLine { throw LineTooLong(limit: longestLine) }
            return nil
        }
        guard end - start <= longestLine else { throw LineTooLong(limit: longestLine) }
        defer { start = end + 1 }
        return pending[start..<end]
    }

    /// Bytes received after the last whole line: a line cut off when the stream ended.
    package var partialLine: Int { pending.count - start }
}
