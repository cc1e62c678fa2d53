import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Each task's time by activity, where the dashboard shows it: the task detail's bar and
/// figures, the Tasks pane's BUSY / WAIT / SLEEP columns (`b`) and their sort, and the permit
/// waits under the Workers gauge.
@Suite("Time breakdown")
struct TimeBreakdownTests {
    /// Four tasks spawned together and looked at 8 s later, on a board that logs its events:
    /// `cruncher` has run all along; `waiter` ran 1 s, then waited for a permit; `sleeper` ran
    /// 2 s, then slept; `mover` ran 3 s, was held 1 s by a full queue, read a file 1 s and
    /// completed at 5 s (a waiting task runs again before its I/O, as the board's states allow). A fifth, `forgotten`, is on the board but its events never reached the
    /// history (as for a task the history let go).
    private struct Run {
        let model: DashboardModel
        let ids: [String: TaskID]
    }

    private func run(size: Size = Size(width: 120, height: 36)) async -> Run {
        let clock = ManualTime(start: Fixtures.origin)
        let events = EventLog(now: { clock.now })
        let board = TaskBoard(time: clock.source, events: events)
        var ids: [String: TaskID] = [:]
        for name in ["cruncher", "waiter", "sleeper", "mover"] {
            let id = await board.register(name: name, kind: .worker)
            ids[name] = id
            await board.transition(id, to: .running)
        }
        let folded = events.sequence
        ids["forgotten"] = await board.register(name: "forgotten", kind: .worker)
        let steps: [(at: Int, task: String, state: TaskState)] = [
            (1, "waiter", .waiting(.semaphore)), (2, "sleeper", .suspended(.sleep)), (3, "mover", .waiting(.queueFull)),
            (4, "mover", .running), (4, "mover", .suspended(.io)), (5, "mover", .running), (5, "mover", .completed),
        ]
        var elapsed = 0
        for step in steps {
            clock.advance(by: .seconds(step.at - elapsed))
            elapsed = step.at
            await board.transition(ids[step.task]!, to: step.state)
        }
        clock.advance(by: .seconds(8 - elapsed))
        var history = RunHistory()
        for event in events.contents().events where event.sequence <= folded || !isAbout(event, ids["forgotten"]!) {
            history.apply(event)
        }
        var model = DashboardModel(size: size)
        let snapshot = await board.snapshot()
        model.historyFigures = HistoryFigures(history: history, at: clock.now,
                                              tasks: (snapshot.live + snapshot.recentlyFinished).map(\.id))
        model.tasks = snapshot
        model.simulationNow = clock.now
        return Run(model: model, ids: ids)
    }

    private func isAbout(_ event: SimulationEvent, _ task: TaskID) -> Bool {
        switch event.kind {
        case .taskSpawned(let id, _, _, _), .taskStateChanged(let id, _), .taskFinished(let id, _): id == task
        default: false
        }
    }

    private func screen(_ model: DashboardModel, theme: Theme = .color) -> ScreenBuffer {
        DashboardView.render(model, theme: theme)
    }

    private func lines(_ buffer: ScreenBuffer) -> [String] {
        ScreenExport.render(buffer, as: .text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private func detail(of name: String, in run: Run) -> DashboardModel {
        var model = run.model
        model.taskView.selected = run.ids[name]
        model.apply(.openTaskDetail)
        return model
    }

    // MARK: The task detail

    @Test func the_detail_shows_a_finished_tasks_time_by_activity_as_a_bar_and_figures() async throws {
        let model = detail(of: "mover", in: await run())
        let shown = lines(screen(model))
        let heading = try #require(shown.firstIndex { $0.contains("time by activity since spawn (5.0s)") })
        // 3 s of 5 running, 1 s on a full queue, 1 s of file I/O, over 44 cells: 26.4, 8.8, 8.8.
        let bar = String(repeating: "█", count: 26) + String(repeating: "≈", count: 9) + String(repeating: "▒", count: 9)
        #expect(shown[heading + 1].contains("│   \(bar) "), "\(shown[heading + 1])")
        #expect(shown[heading + 2].contains("  █ running                 3.0s  60%"), "\(shown[heading + 2])")
        #expect(shown[heading + 3].contains("  ≈ file I/O                1.0s  20%"), "\(shown[heading + 3])")
        #expect(shown[heading + 4].contains("  ▒ blocked: queue full     1.0s  20%"), "\(shown[heading + 4])")
        #expect(!shown[heading + 5].contains("%"), "the legend ends there")
    }

    @Test func a_live_tasks_breakdown_runs_to_the_frame_instant_and_its_bar_is_coloured_as_the_timeline() async throws {
        let model = detail(of: "waiter", in: await run())
        let buffer = screen(model)
        let shown = lines(buffer)
        let heading = try #require(shown.firstIndex { $0.contains("time by activity since spawn (8.0s)") })
        #expect(shown[heading + 2].contains("█ running                 1.0s  13%"))
        #expect(shown[heading + 3].contains("░ waiting for a permit    7.0s  87%"), "12.5 and 87.5 add up to 100")
        let row = heading + 1
        // Every cell left of the bar holds a one-cell character: the count of them is its x.
        let x = shown[row].prefix { $0 != "█" }.count
        let running = (x..<x + 6).map { buffer[$0, row].style }, waiting = (x + 6..<x + 44).map { buffer[$0, row].style }
        #expect(running.allSatisfy { $0 == Style(foreground: .green) } && waiting.allSatisfy { $0 == Style(foreground: .yellow) },
                "running green and waiting for a permit yellow, as the Timeline draws them")
        #expect(buffer[x + 44, row].character == " ")
    }

    @Test func without_colour_the_bar_still_tells_every_activity_apart() {
        let glyphs = LaneActivity.allCases.map(ActivityLook.glyph)
        #expect(Set(glyphs).count == LaneActivity.allCases.count, "a glyph of its own for each activity")
        #expect(glyphs.allSatisfy { CharacterWidth.of($0) == 1 }, "one cell each, so the bar's width is its cells")
        #expect(!glyphs.contains(" "))
    }

    @Test func a_task_the_history_no_longer_keeps_says_so_instead_of_zeros() async throws {
        let model = detail(of: "forgotten", in: await run())
        let shown = lines(screen(model, theme: .monochrome))
        #expect(shown.contains { $0.contains("time by activity: no longer kept (kept 10.0s after a task ends, for at most 1000 tasks)") })
        #expect(!shown.contains { $0.contains("0.0s   0%") || $0.contains("since spawn (") })
    }

    @Test func the_shares_always_add_up_to_the_whole() {
        #expect(TaskBreakdownSection.apportion([1, 1, 1], into: 100) == [34, 33, 33])
        #expect(TaskBreakdownSection.apportion([3, 1, 1], into: 44) == [26, 9, 9])
        #expect(TaskBreakdownSection.apportion([1, 999_999], into: 100) == [0, 100])
        #expect(TaskBreakdownSection.apportion([0, 0], into: 10) == [0, 0])
        var random = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let parts = (0..<Int.random(in: 1...10, using: &random)).map { _ in Int64.random(in: 0...5_000_000_000, using: &random) }
            let total = Int.random(in: 1...200, using: &random)
            let shares = TaskBreakdownSection.apportion(parts, into: total)
            #expect(parts.allSatisfy { $0 == 0 } || shares.reduce(0, +) == total, "\(parts) into \(total): \(shares)")
        }
    }

    // MARK: The Tasks pane's columns

    private func tasksPane(_ model: DashboardModel, width: Int) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: width, height: 8))
        TasksPane.render(model, theme: .monochrome, in: Rect(size: buffer.size), buffer: &buffer)
        return lines(buffer)
    }

    @Test func b_shows_busy_wait_and_sleep_columns_that_sum_with_the_rest_to_the_age() async throws {
        var model = await run().model
        #expect(!tasksPane(model, width: 100)[0].contains("BUSY"))
        model.handle(.character("b"))
        let shown = tasksPane(model, width: 100)
        #expect(shown[0].hasPrefix("ID▾   NAME                           KIND          STATE     WAITS ON   AGE    BUSY   WAIT   SLEEP"))
        let mover = try #require(shown.first { $0.contains("mover") })
        #expect(mover.hasSuffix("done                 5.0s   3.0s   1.0s   1.0s"), "\(mover)")
        let waiter = try #require(shown.first { $0.contains("waiter") })
        #expect(waiter.hasSuffix("8.0s   1.0s   7.0s   0.0s"), "\(waiter)")
        let forgotten = try #require(shown.first { $0.contains("forgotten") })
        #expect(forgotten.hasSuffix("-      -      -"), "no lane: no figures, not zeros")
    }

    @Test func the_breakdown_columns_fit_80_columns_and_give_way_in_order_when_narrower() {
        // The Tasks pane's text area at 80 columns is 76 cells wide.
        let at80 = TasksPane.layout(width: 76, breakdown: true)
        #expect(at80.map(\.column) == [.id, .name, .kind, .state, .waitsOn, .age, .busyTime, .waitTime, .sleepTime])
        #expect(at80.reduce(0) { $0 + $1.width } <= 76 && at80[1].width >= 8)
        #expect(TasksPane.layout(width: 56, breakdown: true).map(\.column) == [.id, .name, .state, .age, .busyTime, .waitTime, .sleepTime])
        #expect(TasksPane.layout(width: 49, breakdown: true).map(\.column) == [.id, .name, .state, .busyTime, .waitTime, .sleepTime])
        #expect(TasksPane.layout(width: 38, breakdown: true).map(\.column) == [.id, .name, .state, .busyTime, .waitTime])
        #expect(TasksPane.layout(width: 24, breakdown: true).map(\.column) == [.id, .name, .state])
        #expect(TasksPane.layout(width: 76).map(\.column) == [.id, .name, .kind, .state, .waitsOn, .age], "b off: as before")
    }

    @Test func a_wide_pane_gives_kind_room_for_a_span_kind_then_gives_name_the_rest() {
        func widths(_ width: Int) -> [TaskColumn: Int] {
            Dictionary(uniqueKeysWithValues: TasksPane.layout(width: width).map { ($0.column, $0.width) })
        }
        // 80 columns (a 76-cell pane): "span.internal" and a space, and NAME the 4 cells left.
        #expect(widths(76)[.kind] == 14 && widths(76)[.name] == 28)
        // 200 columns (a 96-cell pane): NAME 16 more than its 24, the rest blank.
        #expect(widths(96)[.kind] == 14 && widths(96)[.name] == 40)
        #expect(widths(96).values.reduce(0, +) <= 96)
        // Narrower, KIND takes what there is first.
        #expect(widths(70)[.kind] == 12 && widths(70)[.name] == 24)
    }

    @Test func the_sort_keys_reach_the_breakdown_columns_only_while_they_are_shown() async throws {
        var model = await run().model
        model.handle(.character("h"))
        #expect(model.taskView.sortColumn == .age, "left of ID wraps to the last column shown")
        model.handle(.character("b"))
        model.handle(.character("l"))
        #expect(model.taskView.sortColumn == .busyTime)
        #expect(tasksPane(model, width: 100)[0].contains("BUSY▾"), "longest first, as top sorts")
        for _ in 0..<3 { model.handle(.character("l")) }
        #expect(model.taskView.sortColumn == .id, "right of SLEEP wraps to ID")
        model.handle(.character("h"))
        #expect(model.taskView.sortColumn == .sleepTime)
        model.handle(.character("b"))
        #expect(model.taskView.sortColumn == .id && !model.taskView.inverted, "hidden, it no longer sorts the rows")
    }

    @Test(arguments: [TaskColumn.busyTime, .waitTime, .sleepTime])
    func sorting_by_a_breakdown_column_orders_the_rows_by_that_time(column: TaskColumn) async throws {
        var model = await run().model
        model.handle(.character("b"))
        while model.taskView.sortColumn != column { model.handle(.character("l")) }
        let expected: [String] = switch column {
        case .busyTime: ["cruncher", "mover", "sleeper", "waiter", "forgotten"]
        case .waitTime: ["waiter", "mover", "sleeper", "cruncher", "forgotten"]
        default: ["sleeper", "mover", "waiter", "cruncher", "forgotten"]
        }
        #expect(model.taskRows.map(\.name) == expected, "longest first; ties newest first; no lane last")
        model.handle(.character("i"))
        #expect(model.taskRows.first?.name == "forgotten" && model.taskRows.last?.name == expected[0], "inverted: shortest first")
        let rows = model.taskRows, times = model.historyFigures?.breakdowns, now = try #require(model.tasks?.takenAt)
        for (a, b) in zip(rows, rows.dropFirst()) {
            #expect(TaskView.compare(a, b, by: column, now: now, times: times) <= 0, "▴: \(a.name) then \(b.name)")
        }
    }

    // MARK: The Workers pane's permit waits

    private func waits(_ seconds: [Double]) -> WaitDistribution {
        var waits = WaitDistribution()
        for wait in seconds { waits.record(.milliseconds(Int64(wait * 1000))) }
        return waits
    }

    @Test func the_permit_waits_line_gives_p50_p99_max_and_the_count_and_shortens_to_fit() {
        let line = WorkersPane.permitWaitsLine(waits(Array(repeating: 1.5, count: 6) + Array(repeating: 3.2, count: 4)),
                                               theme: .monochrome)
        #expect(line.text(width: 98) == "permit waits p50 1.5s · p99 3.2s · max 3.2s · 10 granted")
        // The Workers pane's text area at 80 columns.
        #expect(line.text(width: 36) == "◌ p50 1.5s p99 3.2s max 3.2s n=10")
        #expect(line.text(width: 40) == "waits p50 1.5s · p99 3.2s max 3.2s n=10")
        let long = WorkersPane.permitWaitsLine(waits(Array(repeating: 2.6, count: 9_000) + [3.6]), theme: .monochrome)
        #expect(long.text(width: 36) == "◌ p50 2.6s p99 2.6s max 3.6s n=9001", "a long run of the default scenario fits")
        // The widest figures (milliseconds, minutes): the count gives way first.
        let widest = WorkersPane.permitWaitsLine(waits(Array(repeating: 0.35, count: 9_000) + [125, 125]), theme: .monochrome)
        #expect(widest.text(width: 36) == "◌ p50 352ms p99 352ms max 2m05s", "350 ms is in the bucket up to 352 ms")
        #expect(WorkersPane.permitWaitsLine(WaitDistribution(), theme: .monochrome).text(width: 36) == "permit waits none yet")
        #expect(WorkersPane.waitText(.zero) == "0ms" && WorkersPane.waitText(.milliseconds(999)) == "999ms")
        #expect(WorkersPane.waitText(.milliseconds(3_250)) == "3.2s")
    }

    @Test func the_workers_pane_shows_the_waits_under_the_gauge_when_it_has_the_room() async {
        var model = await run().model
        model.workers = await Fixtures.workers(["w1", "w2", "w3"])
        var history = RunHistory()
        for (index, wait) in [Duration.zero, .seconds(2), .seconds(2)].enumerated() {
            history.apply(SimulationEvent(sequence: UInt64(index + 1), at: Fixtures.origin,
                                          kind: .permitGranted(task: TaskID(rawValue: 1), waitedNanoseconds: wait.wholeNanoseconds)))
        }
        model.historyFigures = HistoryFigures(history: history, at: Fixtures.origin, tasks: [])
        func pane(height: Int) -> [String] {
            var buffer = ScreenBuffer(size: Size(width: 60, height: height))
            WorkersPane.render(model, theme: .monochrome, in: Rect(size: buffer.size), buffer: &buffer)
            return lines(buffer)
        }
        let tall = pane(height: 5)
        #expect(tall[1].hasPrefix("permit waits p50 2.0s · p99 2.0s · max 2.0s · 3 granted"), "\(tall[1])")
        #expect(tall[2].hasPrefix("w1"), "the workers' rows below")
        let short = pane(height: 2)
        #expect(short[1].hasPrefix("w1"), "two rows: the gauge and the workers, not the waits")
    }
}

/// The breakdown in a real run of the default scenario, at the smallest and a large screen, in
/// colour and without: the columns with `b`, a worker's detail, the permit waits.
@Suite("Time breakdown: golden renders")
struct TimeBreakdownGoldenTests {
    private func render(_ keys: String, size: Size, theme: Theme) async -> ScreenBuffer {
        await HeadlessRun.render(settings: ScenarioSettings(), after: .seconds(12), keys: HeadlessRun.parseKeys(keys)!,
                                 size: size, theme: theme, log: .activity)
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func golden_breakdown_columns_and_detail(size: Size) async throws {
        let name = "\(size.width)x\(size.height)"
        let columns = await render("b", size: size, theme: .monochrome)
        try GoldenFile.check(ScreenExport.render(columns, as: .text), named: "breakdown-columns-\(name).txt")
        // The oldest worker, w1, ten rows down: the selection starts at the newest task.
        let detail = "bjjjjjjjjj<Enter>"
        let mono = await render(detail, size: size, theme: .monochrome)
        try GoldenFile.check(ScreenExport.render(mono, as: .text), named: "breakdown-detail-\(name).txt")
        let colour = await render(detail, size: size, theme: .color)
        #expect(colour.textLines() == mono.textLines(), "colour changes the styles, not a glyph")
        try GoldenFile.check(ScreenExport.render(colour, as: .ansi), named: "breakdown-detail-\(name).ansi")
    }
}
