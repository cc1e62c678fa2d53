import TestSupport
import Testing
@testable import LogTail

@Suite("Line splitting")
struct LineSplitterTests {
    /// Feeds `chunks` through one splitter and returns every line it completed.
    private func lines(_ chunks: [[UInt8]], cap: Int = 64 * 1024, flushAtEnd: Bool = false) -> [LogLine] {
        var splitter = LineSplitter(maxLineBytes: cap)
        var result: [LogLine] = []
        for chunk in chunks {
            var batch = LineBatch()
            chunk.withUnsafeBytes { splitter.split($0, into: &batch) }
            result += batch
        }
        if flushAtEnd {
            var batch = LineBatch()
            splitter.flush(into: &batch)
            result += batch
        }
        return result
    }

    private func texts(_ lines: [LogLine]) -> [String] { lines.map(\.lossyText) }

    @Test func splits_on_line_feed() {
        #expect(texts(lines([Array("a\nbb\n\nccc\n".utf8)])) == ["a", "bb", "", "ccc"])
    }

    @Test func partial_last_line_is_held_until_its_newline_arrives() {
        let result = lines([Array("abc".utf8), Array("def\n".utf8)])
        #expect(texts(result) == ["abcdef"])
        #expect(result.first?.terminator == .lineFeed)
    }

    @Test func held_partial_line_is_not_delivered_without_flush() {
        #expect(lines([Array("done\nhalf".utf8)]).map(\.lossyText) == ["done"])
        let flushed = lines([Array("done\nhalf".utf8)], flushAtEnd: true)
        #expect(texts(flushed) == ["done", "half"])
        #expect(flushed.last?.terminator == LineTerminator.none)
    }

    @Test func crlf_lines_lose_the_carriage_return_but_remember_it() {
        let result = lines([Array("one\r\ntwo\r".utf8), Array("\nthree\n".utf8)])
        #expect(texts(result) == ["one", "two", "three"])
        #expect(result.map(\.terminator) == [.carriageReturnLineFeed, .carriageReturnLineFeed, .lineFeed])
    }

    @Test func lone_carriage_return_inside_a_line_is_kept() {
        #expect(texts(lines([Array("a\rb\n".utf8)])) == ["a\rb"])
    }

    @Test func long_line_is_cut_to_the_cap_with_the_dropped_count() {
        let result = lines([Array(repeating: UInt8(ascii: "x"), count: 10) + [0x0A]], cap: 4)
        #expect(texts(result) == ["xxxx"])
        #expect(result.first?.droppedByteCount == 6)
    }

    @Test func line_exactly_at_the_cap_with_crlf_is_not_cut() {
        let result = lines([Array("abcd".utf8), Array("\r\n".utf8)], cap: 4)
        #expect(texts(result) == ["abcd"])
        #expect(result.first?.droppedByteCount == 0)
        #expect(result.first?.terminator == .carriageReturnLineFeed)
    }

    @Test func ten_megabyte_line_arriving_in_chunks_is_cut_to_the_default_cap() {
        let cap = 64 * 1024
        let chunk = [UInt8](repeating: UInt8(ascii: "y"), count: 64 * 1024)
        var splitter = LineSplitter(maxLineBytes: cap)
        var batch = LineBatch()
        let total = 10 * 1024 * 1024
        for _ in 0..<(total / chunk.count) {
            chunk.withUnsafeBytes { splitter.split($0, into: &batch) }
            #expect(batch.isEmpty)
        }
        [UInt8(0x0A)].withUnsafeBytes { splitter.split($0, into: &batch) }
        #expect(batch.count == 1)
        #expect(batch[0].bytes.count == cap)
        #expect(batch[0].droppedByteCount == total - cap)
        // Bounded memory: the batch holds the cut line and its newline, nothing of the rest.
        #expect(batch.byteCount == cap + 1)
    }

    @Test func any_chunking_of_the_same_bytes_gives_the_same_lines() {
        let text = Array("alpha\r\nbeta\n\ngamma delta epsilon\nzeta\r\n".utf8)
        let whole = texts(lines([text], cap: 8))
        var generator = SeededRandom(seed: 7)
        for _ in 0..<300 {
            var chunks: [[UInt8]] = []
            var index = 0
            while index < text.count {
                let size = 1 + Int(generator.next() % 6)
                chunks.append(Array(text[index..<min(index + size, text.count)]))
                index += size
            }
            let result = lines(chunks, cap: 8)
            #expect(texts(result) == whole)
            #expect(result.map(\.droppedByteCount) == [0, 0, 0, 11, 0])
        }
    }

    @Test func raw_bytes_of_a_batch_reproduce_the_input() {
        let text = Array("x\r\ny\nz\n".utf8)
        var splitter = LineSplitter(maxLineBytes: 100)
        var batch = LineBatch()
        text.withUnsafeBytes { splitter.split($0, into: &batch) }
        #expect(batch.withRawBytes { Array($0) } == text)
    }
}
