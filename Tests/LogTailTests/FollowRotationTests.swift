import Foundation
import Testing
@testable import LogTail

@Suite("Following by name: truncation, rotation, deletion")
struct FollowRotationTests {
    @Test func truncation_is_noticed_and_the_file_read_from_its_start() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("one\ntwo\n", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["one", "two"])
        truncate(path, 0)
        append("three\n", to: path)
        await harness.waitForLines(["one", "two", "three"])
        #expect(harness.snapshot.notices == [.truncated])
        await harness.stop()
    }

    /// A header longer than any fingerprint of the file's first bytes: the rewritten file starts
    /// as the old one did, and only the bytes before the old offset tell it apart.
    static let serviceHeader = "# service log, format 2, written by app-server 4.1 on host build-07; fields: seq only"

    @Test(.timeLimit(.minutes(1)), arguments: ["", serviceHeader])
    func truncation_followed_by_regrowth_past_the_old_offset_loses_nothing(header: String) async {
        // The reader is held in back-pressure (consumer not pulling) while the file is truncated
        // and regrown beyond the old offset, so when it looks again no size ever showed it.
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let headerLines = header.isEmpty ? [] : [header]
        append(headerLines.map { $0 + "\n" }.joined() + "aaaa 1\n", to: path)
        var options = FollowOptions.testDefaults
        options.bufferedEventLimit = 1
        var iterator = LogFollower(path: path, options: options).makeAsyncIterator()
        var texts: [String] = []
        func take() async {
            if case .lines(let batch)? = await iterator.next() { texts += batch.map(\.lossyText) }
        }
        await take()
        // Append until the reader holds a batch it cannot hand over (appends may coalesce).
        var written = 1
        while !iterator.handle.channel.isProducerWaiting && written < 1000 {
            written += 1
            append("aaaa \(written)\n", to: path)
            _ = await eventually(timeout: .milliseconds(100)) { iterator.handle.channel.isProducerWaiting }
        }
        #expect(iterator.handle.channel.isProducerWaiting)
        truncate(path, 0)
        let regrown = written + 3  // more bytes than before the truncation
        append(headerLines.map { $0 + "\n" }.joined() + (1...regrown).map { "bbbb \($0)\n" }.joined(), to: path)
        var notices: [FollowNotice] = []
        let expected = headerLines + (1...written).map { "aaaa \($0)" } + headerLines + (1...regrown).map { "bbbb \($0)" }
        let deadline = ContinuousClock.now + .seconds(10)
        while texts.count < expected.count && ContinuousClock.now < deadline {
            switch await iterator.next() {
            case .lines(let batch)?: texts += batch.map(\.lossyText)
            case .notice(let notice)?: notices.append(notice)
            case nil: break
            }
        }
        #expect(texts == expected)
        #expect(notices == [.truncated])
    }

    /// `mv r.log r.tmp; mv r.tmp r.log`: the old descriptor, still read as a rotated file, and a
    /// new one opened on the same inode from its first byte printed the file twice.
    @Test func file_moved_away_and_back_is_read_on_from_where_it_was() async {
        let directory = TemporaryDirectory()
        let path = directory.file("r.log")
        let first = (1...100).map(String.init)
        append(first.map { $0 + "\n" }.joined(), to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(first)
        rename(path, directory.file("r.tmp"))
        await harness.waitForNotice(.movedAway)
        rename(directory.file("r.tmp"), path)
        let second = (101...200).map(String.init)
        append(second.map { $0 + "\n" }.joined(), to: path)
        await harness.waitUntil("the 101-200 lines") { $0.texts.contains("200") }
        append("end\n", to: path)  // read after any copy the old descriptor would add
        await harness.waitUntil("the end line") { $0.texts.contains("end") }
        #expect(harness.snapshot.texts == first + second + ["end"])
        #expect(harness.snapshot.notices == [.movedAway, .appeared])
        await harness.stop()
    }

    /// chmod 000 on the directory: the file cannot be found by name for a while, then can; the
    /// notice said "No such file or directory" and the lines came out up to three times.
    @Test func directory_made_unreadable_and_back_reports_permission_and_doubles_nothing() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("r.log")
        append("1\n", to: path)
        var options = FollowOptions.testDefaults
        options.testHooks.onReaderThreadStart = try dropReaderThreadToNobody()
        let harness = FollowHarness(path: path, options: options)
        await harness.waitForLines(["1"])
        chmod(directory.path, 0o000)
        await harness.waitForNotice(.inaccessible(errno: EACCES))
        append("2\n", to: path)
        await harness.waitForLines(["1", "2"])  // the open descriptor is still read
        chmod(directory.path, 0o755)
        await harness.waitForNotice(.becameAccessible)
        append("3\nend\n", to: path)
        await harness.waitUntil("the end line") { $0.texts.contains("end") }
        #expect(harness.snapshot.texts == ["1", "2", "3", "end"])
        #expect(harness.snapshot.notices == [.inaccessible(errno: EACCES), .becameAccessible])
        await harness.stop()
    }

    @Test func rename_rotation_follows_the_new_file_and_drains_the_old_one() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("before\n", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["before"])
        rename(path, directory.file("app.log.1"))
        append("late write to old file\n", to: directory.file("app.log.1"))
        append("new file\n", to: path)
        await harness.waitUntil("all three lines") {
            Set($0.texts) == ["before", "late write to old file", "new file"] && $0.lines.count == 3
        }
        let notices = harness.snapshot.notices
        #expect(notices == [.replaced] || notices == [.movedAway, .appeared])
        await harness.stop()
    }

    @Test func writes_to_the_old_file_after_the_switch_are_still_read() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("before\n", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["before"])
        rename(path, directory.file("app.log.1"))
        append("new file\n", to: path)
        await harness.waitForLines(["before", "new file"])  // switched to the new file
        append("old writer not reopened yet\n", to: directory.file("app.log.1"))
        await harness.waitForLines(["before", "new file", "old writer not reopened yet"])
        await harness.stop()
    }

    @Test func deletion_is_noticed_and_a_recreated_file_followed_from_its_first_byte() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("first life\n", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["first life"])
        unlink(path)
        await harness.waitForNotice(.deleted)
        append("second life\n", to: path)
        await harness.waitForLines(["first life", "second life"])
        #expect(harness.snapshot.notices == [.deleted, .appeared])
        await harness.stop()
    }

    @Test func directory_removed_and_recreated_is_followed_again() async {
        let directory = TemporaryDirectory()
        let logs = directory.file("logs")
        mkdir(logs, 0o755)
        let path = logs + "/app.log"
        append("one\n", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["one"])
        unlink(path)
        rmdir(logs)
        await harness.waitForNotice(.deleted)
        mkdir(logs, 0o755)
        append("two\n", to: path)
        await harness.waitForLines(["one", "two"])
        #expect(harness.snapshot.notices == [.deleted, .appeared])
        await harness.stop()
    }

    @Test func retargeted_symlink_is_followed_to_its_new_target() async {
        let directory = TemporaryDirectory()
        let path = directory.file("current.log")
        append("from t1\n", to: directory.file("t1"))
        append("from t2\n", to: directory.file("t2"))
        symlink("t1", path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["from t1"])
        symlink("t2", directory.file("tmp-link"))
        rename(directory.file("tmp-link"), path)  // what `ln -sfn` does
        await harness.waitForLines(["from t1", "from t2"])
        #expect(harness.snapshot.notices == [.replaced])
        await harness.stop()
    }

    @Test func following_the_descriptor_keeps_reading_the_renamed_file() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("a\n", to: path)
        var options = FollowOptions.testDefaults
        options.mode = .descriptor
        let harness = FollowHarness(path: path, options: options)
        await harness.waitForLines(["a"])
        rename(path, directory.file("app.log.1"))
        append("ignored new file\n", to: path)
        append("b\n", to: directory.file("app.log.1"))
        await harness.waitForLines(["a", "b"])
        await harness.stop()
    }

    @Test func a_thousand_rotations_leak_no_descriptor_and_no_watch() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("start\n", to: path)
        var options = FollowOptions.testDefaults
        options.rotatedFileGracePeriod = .milliseconds(200)
        let harness = FollowHarness(path: path, options: options)
        await harness.waitForLines(["start"])
        for index in 1...1000 {
            rename(path, directory.file("app.log.1"))
            append("rotation \(index)\n", to: path)
        }
        await harness.waitUntil("the last rotation's line") { $0.texts.last == "rotation 1000" }
        // Grace periods over, only the current file is open and watched (plus its directory).
        #expect(await eventually { harness.diagnostics.openFiles == 1 })
        let watchesInKernel = try kernelWatchCount(inotifyDescriptor: harness.diagnostics.inotifyDescriptor)
        #expect(watchesInKernel == 2)
        await harness.stop()
        #expect(openDescriptors(under: directory.path).isEmpty)
    }

    /// Watches the kernel holds for one inotify instance (/proc/self/fdinfo lists one per line).
    private func kernelWatchCount(inotifyDescriptor: Int32) throws -> Int {
        let info = try String(contentsOfFile: "/proc/self/fdinfo/\(inotifyDescriptor)", encoding: .utf8)
        return info.split(separator: "\n").filter { $0.hasPrefix("inotify wd:") }.count
    }
}

/// This process's descriptors that point into `directory`: robust to other tests running alongside.
func openDescriptors(under directory: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
        .filter { $0.hasPrefix(directory + "/") }
}
