import Foundation
import Testing
@testable import LogTail

@Suite("Following: untailable paths, permissions, idleness, shutdown")
struct FollowEdgeCaseTests {
    /// After `notice`, the reader must sleep: a handful of wake-ups at most while nothing changes.
    /// A busy loop wakes thousands of times in the window; the follower may wake once, plus once
    /// per `polling` interval of the window as it really lasted (a loaded machine stretches it).
    private func expectNoBusyLoop(_ harness: FollowHarness, polling: Duration? = nil,
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = harness.diagnostics.wakeUps
        let start = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(300))  // a quiet period to observe, not a race to win
        let polls = polling.map { Int(start.duration(to: .now) / $0) } ?? 0
        #expect(harness.diagnostics.wakeUps - before <= 1 + polls, sourceLocation: sourceLocation)
    }

    @Test func directory_at_the_path_is_reported_without_busy_looping_then_replaced() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        mkdir(path, 0o755)
        let harness = FollowHarness(path: path)
        await harness.waitForNotice(.notRegularFile(.directory))
        try await expectNoBusyLoop(harness)
        rmdir(path)
        append("now a file\n", to: path)
        await harness.waitForLines(["now a file"])
        // The reader may or may not look while nothing has the name ("waiting" in between).
        #expect(harness.snapshot.notices.first == .notRegularFile(.directory))
        #expect(harness.snapshot.notices.last == .appeared)
        await harness.stop()
    }

    @Test func fifo_at_the_path_is_streamed_without_busy_looping_then_replaced() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        mkfifo(path, 0o644)
        var options = FollowOptions.testDefaults
        options.pollInterval = .seconds(1)  // the wait between writers looks at the path this often
        let harness = FollowHarness(path: path, options: options)
        await harness.waitUntilWatching()
        try await expectNoBusyLoop(harness, polling: options.pollInterval)  // no writer yet: the reader sleeps
        let writer = await openFIFOForWriting(path)
        writeAndClose(writer, "from a writer\n")
        await harness.waitForLines(["from a writer"])
        try await expectNoBusyLoop(harness, polling: options.pollInterval)  // the writer has gone: it sleeps again
        unlink(path)
        append("regular again\n", to: path)
        await harness.waitForLines(["from a writer", "regular again"])
        #expect(harness.snapshot.notices == [.appeared])
        await harness.stop()
    }

    @Test func quiet_file_costs_no_wake_ups_with_inotify() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("x\n", to: path)
        let harness = FollowHarness(path: path)
        await harness.waitForLines(["x"])
        #expect(harness.diagnostics.usesInotify)
        try await expectNoBusyLoop(harness)
        await harness.stop()
    }

    @Test func permission_denied_then_granted_is_reported_and_the_file_followed() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("secret\n", to: path)
        chmod(path, 0o000)
        var options = FollowOptions.testDefaults
        options.testHooks.onReaderThreadStart = try dropReaderThreadToNobody()
        let harness = FollowHarness(path: path, options: options)
        await harness.waitForNotice(.inaccessible(errno: EACCES))
        try await expectNoBusyLoop(harness)
        chmod(path, 0o644)
        await harness.waitForLines(["secret"])
        #expect(harness.snapshot.notices == [.inaccessible(errno: EACCES), .becameAccessible])
        await harness.stop()
    }

    @Test func slow_consumer_gets_every_line_in_order_through_back_pressure() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append((1...20_000).map { "line \($0)\n" }.joined(), to: path)
        var options = FollowOptions.testDefaults
        options.bufferedEventLimit = 1
        options.readChunkBytes = 4096  // many small batches, so the reader really waits
        var received: [String] = []
        for await event in LogFollower(path: path, options: options) {
            guard case .lines(let batch) = event else { continue }
            received += batch.map(\.lossyText)
            await Task.yield()
            if received.count >= 20_000 { break }
        }
        #expect(received == (1...20_000).map { "line \($0)" })
    }

    @Test func breaking_out_of_the_loop_stops_the_reader_and_closes_its_files() async {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        append("only\n", to: path)
        let follower = LogFollower(path: path, options: .testDefaults)
        for await event in follower {
            if case .lines = event { break }
        }
        #expect(await eventually { follower.diagnostics.snapshot.readerFinished })
        #expect(follower.diagnostics.snapshot.openFiles == 0)
        #expect(openDescriptors(under: directory.path).isEmpty)
    }

    @Test func missing_file_in_descriptor_mode_gives_up() async {
        let directory = TemporaryDirectory()
        var notices: [FollowNotice] = []
        let options = FollowOptions(mode: .descriptor)
        for await event in LogFollower(path: directory.file("absent.log"), options: options) {
            if case .notice(let notice) = event { notices.append(notice) }
        }
        #expect(notices == [.inaccessible(errno: ENOENT)])
    }
}
