import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// At 80 columns the Workers and Queue panes give up whole unimportant segments before an
/// important one loses a word, and nothing is cut at the right edge.
@Suite("Pane lines keep what matters")
struct PaneLinePriorityTests {
    private typealias Segment = PrioritizedLine.Segment
    private typealias Wording = PrioritizedLine.Wording

    @Test func a_line_drops_the_lowest_priority_first_and_shortens_before_dropping() {
        let line = PrioritizedLine(segments: [
            Segment("must", priority: 9, style: .plain),
            Segment([Wording(text: " long words", priority: 5), Wording(text: " short", priority: 6)], style: .plain),
            Segment(" extra", priority: 1, style: .plain),
        ])
        #expect(line.text(width: 100) == "must long words extra")
        #expect(line.text(width: 20) == "must long words", "the extra goes first")
        #expect(line.text(width: 12) == "must short", "then the long wording gives way to the short one")
        #expect(line.text(width: 6) == "must", "then the short one goes")
        #expect(line.text(width: 2) == "", "even the last goes rather than being cut")
    }

    @Test func separators_count_and_only_sit_between_kept_segments() {
        let line = PrioritizedLine(segments: [Segment("a", priority: 1, style: .plain), Segment("bb", priority: 9, style: .plain)],
                                   separator: " | ")
        #expect(line.text(width: 6) == "a | bb")
        #expect(line.text(width: 5) == "bb")
    }

    /// The Workers and Queue panes' interiors as they are at 80x24, side by side.
    private func panes(_ model: DashboardModel) -> [String] {
        let screen = DashboardView.render(model, theme: .color).textLines()
        let areas = DashboardView.paneAreas(in: Rect(x: 0, y: 1, width: 80, height: 22))
        return [areas[1], areas[2]].flatMap { area in
            ((area.y + 1)..<(area.maxY - 1)).map { y in
                String(screen[y].dropFirst(area.x + 1).prefix(area.width - 2))
            }
        }
    }

    @Test func at_80_columns_the_workers_and_queue_panes_keep_their_point() async throws {
        let model = await Fixtures.typicalModel(Size(width: 80, height: 24))
        let lines = panes(model)
        #expect(!lines.joined().contains("…"))
        let permits = try #require(lines.first { $0.contains("permits") })
        #expect(permits.contains("held, 2 waiting"), "\(permits)")
        #expect(!permits.contains("peak"), "the peak is the first to go: \(permits)")
        let input = try #require(lines.first { $0.hasPrefix(" in ") })
        #expect(input.contains("· 1 blocked"), "back-pressure is the point: \(input)")
        let output = try #require(lines.first { $0.hasPrefix(" out ") })
        #expect(output.contains("2 consumers"))
        let sent = try #require(lines.first { $0.contains("sent") || $0.contains(" = ") })
        #expect(sent.contains("✓"))
    }

    @Test(arguments: [36, 30, 24, 18])
    func the_queue_pane_cuts_no_word_at_any_width(width: Int) async throws {
        var model = DashboardModel(size: Size(width: 80, height: 24))
        model.queue = await Fixtures.queue(capacity: 16, depth: 16, received: 12_345, blockedSenders: 2)
        var buffer = ScreenBuffer(size: Size(width: width, height: 5))
        QueuePane.render(model, theme: .color, in: Rect(size: buffer.size), buffer: &buffer)
        let lines = buffer.textLines()
        #expect(lines[1].contains("2 blocked"), "\(lines[1])")
        for line in lines.prefix(4) {
            let last = line.split(separator: " ").last.map(String.init) ?? ""
            #expect(!last.hasPrefix("bl") || last == "blocked", "\(width): \(line)")
            #expect(!line.contains("…"))
        }
    }

    @Test func one_producer_and_one_consumer_are_counted_in_the_singular() async throws {
        let full = await Fixtures.queue(capacity: 8, depth: 8, received: 3)
        var model = DashboardModel(size: Size(width: 120, height: 36))
        model.queue = PipelineSnapshot(queue: full.queue, depthHistory: [], sendRate: 3, receiveRate: 3, producers: 1,
                                       consumers: 1, ratePerProducer: 20)
        for width in [56, 36] {
            var buffer = ScreenBuffer(size: Size(width: width, height: 5))
            QueuePane.render(model, theme: .color, in: Rect(size: buffer.size), buffer: &buffer)
            let lines = buffer.textLines()
            #expect(lines[1].contains(" 1 producer") && !lines[1].contains("1 producers"), "\(width): \(lines[1])")
            #expect(lines[2].contains(" 1 consumer") && !lines[2].contains("1 consumers"), "\(width): \(lines[2])")
        }
    }

    @Test func lowering_the_permits_below_what_is_held_says_why() async throws {
        let time = ManualTime(start: Fixtures.origin)
        let semaphore = AsyncSemaphore(permits: 3, time: time.source)
        for owner in 1...3 { _ = semaphore.tryAcquire(for: TaskID(rawValue: UInt64(owner))) }
        semaphore.setPermits(1)
        var model = DashboardModel(size: Size(width: 120, height: 36))
        model.simulationNow = Fixtures.now
        model.workers = WorkerPoolSnapshot(rows: [], semaphore: semaphore.snapshot())
        func permitsLine(width: Int) -> String {
            var buffer = ScreenBuffer(size: Size(width: width, height: 2))
            WorkersPane.render(model, theme: .color, in: Rect(size: buffer.size), buffer: &buffer)
            return buffer.textLines()[0]
        }
        #expect(permitsLine(width: 56).contains("3 held / 1 permit (2 return on release)"), "\(permitsLine(width: 56))")
        #expect(permitsLine(width: 100).contains("(2 return on release), 0 waiting · peak 3"))
        #expect(permitsLine(width: 36).contains("3 held / 1 permit"), "narrow, the numbers stay: \(permitsLine(width: 36))")
        #expect(!permitsLine(width: 36).contains("…"))
    }

    @Test func the_workers_pane_names_states_as_the_tasks_pane_does() {
        let theme = Theme.color
        #expect(WorkersPane.glyph(.sleeping, theme: theme).1 == TasksPane.stateWord(.suspended(.sleep)))
        #expect(WorkersPane.glyph(.sleeping, theme: theme).1 == "sleeping")
        #expect(WorkersPane.glyph(.holding(job: .seconds(1)), theme: theme).1 == "running")
        #expect(WorkersPane.glyph(.waiting, theme: theme).1 == "waiting")
        #expect(WorkersPane.glyph(.starting, theme: theme).1 == TasksPane.stateWord(.created))
    }
}
