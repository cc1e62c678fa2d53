import Foundation
import Testing
@testable import LogTail

@Suite("Following: appends, partial lines, start positions")
struct FollowBasicsTests {
    @Test func missing_file_is_waited_for_then_followed_from_its_first_byte() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let harness = FollowHarness(path: path, options: FollowOptions(startPosition: .end))
        await harness.waitForNotice(.waiting(errno: ENOENT))
        append("first\nsecond\n", to: path)
        await harness.waitForLines(["first", "second"])
        #expect(harness.snapshot.notices == [.waiting(errno: ENOENT), .appeared])
        await harness.stop()
    }

    @Test func missing_directory_is_waited_for_then_its_file_followed() async {
        let directory = TemporaryDirectory()
        let path = directory.file("later/app.log")
        let harness = FollowHarness(path: path)
        await harness.waitForNotice(.waiting(errno: ENOENT))
        mkdir(directory.file("later"), 0o755)
        append("hello\n", to: path)
        await harness.waitForLines(["hello"])
        #expect(harness.snapshot.notices.last == .appeared)
        await harness.stop()
    }

    @Test func appended_lines_are_delivered_in_order() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitUntilWatching()
        for index in 1...50 { append("line \(index)\n", to: path) }
        await harness.waitForLines((1...50).map { "line \($0)" })
        #expect(harness.snapshot.notices.isEmpty)
        await harness.stop()
    }

    @Test func last_line_without_newline_is_held_until_its_newline_arrives() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("done\nabc", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["done"])
        append("def\n", to: path)
        await harness.waitForLines(["done", "abcdef"])
        await harness.stop()
    }

    @Test func bytes_appended_between_the_first_read_and_the_watch_are_not_lost() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("before\n", to: path)
        var options = FollowOptions.testDefaults
        options.testHooks.afterFirstRead = { append("in the gap\n", to: path) }
        let harness = FollowHarness(path: path, options: options)
        await harness.waitForLines(["before", "in the gap"])
        await harness.stop()
    }

    @Test func crlf_lines_lose_the_carriage_return() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("one\r\ntwo\r\n", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["one", "two"])
        #expect(harness.snapshot.lines.map(\.terminator) == [.carriageReturnLineFeed, .carriageReturnLineFeed])
        await harness.stop()
    }

    @Test func ten_megabyte_line_is_delivered_cut_to_the_cap_with_the_dropped_count() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitUntilWatching()
        let size = 10 * 1024 * 1024
        append([UInt8](repeating: UInt8(ascii: "z"), count: size) + [0x0A] + Array("next\n".utf8), to: path)
        await harness.waitUntil("two lines") { $0.lines.count == 2 }
        let long = harness.snapshot.lines[0]
        #expect(long.bytes.count == 64 * 1024)
        #expect(long.droppedByteCount == size - 64 * 1024)
        #expect(harness.snapshot.texts.last == "next")
        await harness.stop()
    }

    @Test func start_at_the_last_lines_skips_older_ones() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append((1...20).map { "l\($0)\n" }.joined(), to: path)
        let harness = FollowHarness(path: path, options: FollowOptions(startPosition: .lastLines(3)))
        await harness.waitForLines(["l18", "l19", "l20"])
        append("l21\n", to: path)
        await harness.waitForLines(["l18", "l19", "l20", "l21"])
        await harness.stop()
    }

    @Test func start_at_the_end_delivers_only_new_lines() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("old\n", to: path)
        let harness = FollowHarness(path: path, options: FollowOptions(startPosition: .end))
        await harness.waitUntilWatching()
        append("new\n", to: path)
        await harness.waitForLines(["new"])
        await harness.stop()
    }

    @Test func last_lines_offset_handles_missing_final_newline_and_short_files() {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\nb\nc", to: path)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        #expect(TrackedFile.offsetOfLastLines(1, descriptor: descriptor, size: 5) == 4)
        #expect(TrackedFile.offsetOfLastLines(2, descriptor: descriptor, size: 5) == 2)
        #expect(TrackedFile.offsetOfLastLines(9, descriptor: descriptor, size: 5) == 0)
        #expect(TrackedFile.offsetOfLastLines(0, descriptor: descriptor, size: 5) == 5)
    }

    /// Polling, whether asked for or the fallback when inotify cannot start (EMFILE at the
    /// per-user instance limit), still delivers what is appended.
    @Test(arguments: [false, true])
    func polling_follows_appends_when_asked_for_or_when_inotify_cannot_start(inotifyFails: Bool) async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\n", to: path)
        var options = FollowOptions.testDefaults
        if inotifyFails {
            options.changeDetection = .automatic
            options.testHooks.makeInotify = {
                errno = EMFILE
                return -1
            }
        } else {
            options.changeDetection = .polling
        }
        let harness = FollowHarness(path: path, options: options)
        await harness.waitForLines(["a"])
        append("b\n", to: path)
        await harness.waitForLines(["a", "b"])
        #expect(!harness.diagnostics.usesInotify)
        await harness.stop()
    }

    @Test func read_once_mode_delivers_the_unterminated_last_line_and_finishes() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("x\ny\nz", to: path)
        var lines: [LogLine] = []
        for await event in LogFollower(path: path, options: FollowOptions(startPosition: .lastLines(2), mode: .once)) {
            if case .lines(let batch) = event { lines += batch }
        }
        #expect(lines.map(\.lossyText) == ["y", "z"])
        #expect(lines.last?.terminator == LineTerminator.none)
    }
}
