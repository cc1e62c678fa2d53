import DequeModule
import Foundation
import Testing
import TerminalKit
@testable import Dashboard
@testable import Simulation

@Suite("Log pane: keys, scrolling and filter")
struct LogPaneModelTests {
    private func model(lines: Int, size: Size = Size(width: 100, height: 30)) -> DashboardModel {
        var model = DashboardModel(size: size)
        var snapshot = LogSnapshot(path: "/var/log/app.log")
        snapshot.status = .following
        snapshot.lines = LineHistory((1...lines).map { "line \($0)" })
        snapshot.totalLines = lines
        model.receive(snapshot)
        // The navigation keys act on the Log pane when it has the focus.
        model.setFocus(.log)
        return model
    }

    @Test func page_up_and_down_move_a_page_and_stop_at_the_ends() {
        var m = model(lines: 100)
        let page = m.logPageSize
        #expect(page == 11)
        m.handle(.pageUp)
        #expect(m.logView.scrollBack == page)
        m.handle(.home)
        #expect(m.logView.scrollBack == 100 - page)
        m.handle(.pageUp)
        #expect(m.logView.scrollBack == 100 - page, "cannot scroll past the oldest line")
        m.handle(.pageDown)
        #expect(m.logView.scrollBack == 100 - 2 * page)
        m.handle(.end)
        #expect(m.logView.isFollowing)
        m.handle(.pageDown)
        #expect(m.logView.scrollBack == 0)
    }

    @Test func while_scrolled_back_new_lines_do_not_move_the_view() {
        var m = model(lines: 100)
        m.handle(.pageUp)
        let before = m.logView.scrollBack
        var next = m.log!
        next.lines.append(contentsOf: ["new 1", "new 2"])
        next.totalLines += 2
        m.receive(next)
        #expect(m.logView.scrollBack == before + 2)
    }

    @Test func slash_types_a_filter_enter_applies_it_and_escape_clears_it() {
        var m = model(lines: 30)
        m.handle(.character("/"))
        for character in "ine 2" { m.handle(.character(character)) }
        m.handle(.character("x"))
        m.handle(.backspace)
        #expect(m.logView.draft == "ine 2")
        #expect(m.logView.filter == nil)
        m.handle(.enter)
        #expect(m.logView.filter == "ine 2" && m.logView.draft == nil)
        #expect(m.logView.window(of: m.log!.lines, rows: 100) == ["line 2"] + (20...29).map { "line \($0)" })
        m.handle(.escape)
        #expect(m.logView.filter == nil)
        #expect(m.overlay == nil && m.exitStatus == nil)
    }

    @Test func keys_typed_into_the_filter_do_not_trigger_their_bindings() {
        var m = model(lines: 5)
        m.handle(.character("/"))
        m.handle(.character("q"))
        m.handle(.character("?"))
        m.handle(.character(" "))
        #expect(m.exitStatus == nil && m.overlay == nil && !m.isPaused)
        #expect(m.logView.draft == "q? ")
        m.handle(.escape)
        #expect(m.logView.draft == nil && m.logView.filter == nil)
    }

    @Test func the_window_is_the_newest_passing_lines_scroll_back_lines_back() {
        var view = LogView()
        let lines = Deque((1...30).map { "line \($0)" })
        #expect(view.window(of: lines, rows: 3) == ["line 28", "line 29", "line 30"])
        view.scrollBack = 5
        #expect(view.window(of: lines, rows: 3) == ["line 23", "line 24", "line 25"])
        view.filter = "line 2"
        #expect(view.passingCount(of: lines) == 11)
        #expect(view.window(of: lines, rows: 3) == ["line 22", "line 23", "line 24"])
        view.scrollBack = 100
        #expect(view.window(of: lines, rows: 3).isEmpty)
    }

    @Test func an_empty_filter_shows_everything() {
        var m = model(lines: 5)
        m.handle(.character("/"))
        m.handle(.enter)
        #expect(m.logView.filter == nil)
    }
}

@Suite("Log pane: renders")
struct LogPaneRenderTests {
    private func render(_ snapshot: LogSnapshot?, view: LogView = LogView(), size: Size = Size(width: 100, height: 30)) -> String {
        var model = DashboardModel(size: size)
        model.uptime = .seconds(5)
        if let snapshot { model.receive(snapshot) }
        model.logView = view
        return ScreenExport.render(DashboardView.render(model, theme: .color), as: .text)
    }

    private func snapshot(_ lines: [String], status: LogSnapshot.Status = .following, rate: Int = 42) -> LogSnapshot {
        var snapshot = LogSnapshot(path: "/var/log/app.log")
        snapshot.status = status
        snapshot.lines = LineHistory(lines)
        snapshot.totalLines = lines.count
        snapshot.linesPerSecond = rate
        return snapshot
    }

    @Test func typical_log_shows_file_status_rate_and_the_newest_lines() throws {
        let lines = (1...40).map { "2026-11-25 12:00:\($0 < 10 ? "0" : "")\($0) worker \($0 % 4) acquired a permit" }
        try GoldenFile.check(render(snapshot(lines)), named: "log-typical-100x30.txt")
    }

    @Test func wide_characters_and_long_lines_are_clipped_at_the_pane_edge() throws {
        let lines = ["漢字のログ行 " + String(repeating: "漢", count: 40), String(repeating: "x", count: 200), "emoji 🚀 ok"]
        let text = render(snapshot(lines), size: Size(width: 60, height: 40))
        try GoldenFile.check(text, named: "log-wide-60x40.txt")
        for line in text.split(separator: "\n") { #expect(CharacterWidth.of(line) <= 60) }
    }

    @Test func waiting_rotated_and_problem_statuses_read_as_sentences() {
        #expect(render(snapshot([], status: .waiting(reason: "waiting for app.log"), rate: 0)).contains("│ waiting for app.log · 0 lines/s"))
        #expect(render(snapshot(["a"], status: .restarted(what: "rotated", at: "12:03:04"))).contains("rotated at 12:03:04"))
        #expect(render(snapshot([], status: .problem("cannot read app.log: Permission denied"))).contains("Permission denied"))
    }

    @Test func a_filter_shows_only_matching_lines_and_highlights_each_match() {
        var model = DashboardModel(size: Size(width: 100, height: 30))
        model.receive(snapshot(["alpha beta", "gamma", "beta beta"]))
        model.logView.filter = "beta"
        let screen = DashboardView.render(model, theme: .color)
        let text = screen.textLines()
        #expect(!text.contains { $0.contains("gamma") })
        let row = try! #require(text.firstIndex { $0.contains("beta beta") })
        let highlighted = (0..<screen.size.width).filter { screen[$0, row].style == Theme.color.highlight }
        #expect(highlighted.count == 8)
    }

    @Test func no_followed_file_says_how_to_follow_one() {
        #expect(render(nil).contains("no file followed: start with --follow FILE"))
    }
}

@Suite("Log feed")
struct LogFeedTests {
    /// Runs `body` with the URL of a log holding "one" and "two", in a folder removed afterwards.
    private func withLog(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logfeed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("app.log")
        try "one\ntwo\n".write(to: file, atomically: false, encoding: .utf8)
        try await body(file)
    }

    @Test func the_feed_publishes_a_files_lines_then_what_is_appended() async throws {
        try await withLog { file in
            let feed = LogFeed(path: file.path, historyLimit: 3)
            let following = Task { await feed.run() }
            defer { following.cancel() }
            var iterator = feed.snapshots.makeAsyncIterator()
            func next(until condition: (LogSnapshot) -> Bool) async throws -> LogSnapshot {
                let deadline = ContinuousClock.now + .seconds(20)
                while ContinuousClock.now < deadline {
                    guard let snapshot = await iterator.next() else { break }
                    if condition(snapshot) { return snapshot }
                }
                throw CancellationError()
            }

            let first = try await next { Array($0.lines) == ["one", "two"] }
            #expect(first.status == .following)
            let handle = try FileHandle(forWritingTo: file)
            handle.seekToEndOfFile()
            handle.write(Data("three\nfour \u{1B}[2J\n".utf8))
            try handle.close()
            let later = try await next { $0.totalLines == 4 }
            #expect(Array(later.lines) == ["two", "three", "four ^[[2J"], "bounded to the history limit, made display-safe")
        }
    }

    /// The feed's timers (a coalesced publish, the line rate's decay) belong to `run`: when it
    /// returns, none is left sleeping with the feed, which is then gone with its last reference.
    @Test func the_feed_leaves_no_task_behind_when_its_run_ends() async throws {
        try await withLog { file in
            weak var released: LogFeed?
            do {
                let feed = LogFeed(path: file.path)
                released = feed
                let following = Task { await feed.run() }
                for await snapshot in feed.snapshots where snapshot.linesPerSecond > 0 {
                    break  // published with a rate: its decay is now scheduled
                }
                following.cancel()
                await following.value
            }
            #expect(released == nil, "a timer task of the feed outlived its run")
        }
    }

    @Test func line_rate_counts_the_last_second_only() {
        let start = ContinuousClock.now
        var rate = LineRate()
        rate.record(10, at: start)
        rate.record(5, at: start + .milliseconds(600))
        #expect(rate.perSecond(at: start + .milliseconds(900)) == 15)
        #expect(rate.perSecond(at: start + .milliseconds(1300)) == 5)
        #expect(rate.perSecond(at: start + .seconds(3)) == 0)
    }

    @Test func notices_become_statuses() {
        #expect(LogFeed.status(for: .replaced, path: "a.log", time: "01:02:03") == .restarted(what: "rotated", at: "01:02:03"))
        #expect(LogFeed.status(for: .truncated, path: "a.log", time: "01:02:03") == .restarted(what: "truncated", at: "01:02:03"))
        #expect(LogFeed.status(for: .waiting(errno: ENOENT), path: "a.log", time: "") == .waiting(reason: "waiting for a.log"))
        #expect(LogFeed.status(for: .notRegularFile(.directory), path: "a.log", time: "") == .problem("a.log is a directory"))
    }
}
