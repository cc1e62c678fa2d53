@testable import AsyncDemoCore
import Logging
import Testing

@testable import Dashboard
@testable import Simulation

/// Issue 13, point 18: after a paste of 5,000 `s` (10,000 tasks on 1,000 permits) the memory
/// stayed taken once every task had finished and left the board. Counted in the structures
/// that held it, not in the process's RSS, which other tests running beside this one move.
@Suite("Memory after a paste flood", .timeLimit(.minutes(5)))
struct PasteFloodMemoryTests {
    @Test func once_a_flood_of_jobs_has_aged_out_the_board_the_event_log_and_the_allocator_give_it_back() async {
        // Given the default scenario on 1,000 permits, stepped on simulated time
        var settings = ScenarioSettings()
        settings.permits = 1000
        let scenario = DemoScenario(settings: settings, log: Logger(label: "flood") { _ in SwiftLogNoOpLogHandler() },
                                    startPaused: true)
        scenario.start()
        await HeadlessRun.advance(scenario, by: .seconds(2), eachFrame: nil)
        _ = await scenario.settledFrame()
        let quietTables = await scenario.board.tableCapacity

        // When 5,000 jobs are spawned at one instant and run to their end
        for _ in 0..<5000 { scenario.perform(.spawnJob) }
        await HeadlessRun.advance(scenario, by: .milliseconds(500), eachFrame: nil)
        let flood = await scenario.settledFrame()
        let floodTables = await scenario.board.tableCapacity
        #expect(flood.tasks.liveCount > 9000, "the flood is on the board")
        // ... and every one has been gone longer than the retention (10 s)
        await HeadlessRun.advance(scenario, by: .seconds(40), eachFrame: { _, _ in })
        let after = await scenario.settledFrame()

        // Then the board's tables are back to what a quiet run needs
        #expect(after.tasks.liveCount + after.tasks.recentlyFinishedCount < 50)
        let tables = await scenario.board.tableCapacity
        #expect(floodTables > 10_000 && tables <= max(quietTables, 256) * 2,
                "tables: \(quietTables) quiet, \(floodTables) in the flood, \(tables) after")
        // and the allocator was asked, once, to give back what the tasks freed
        #expect(await scenario.aggregator.freedMemory.returns == 1)
        // and the flood's 100,000 events, kept as the log promises, take 3 MB, not 10
        let events = scenario.events.contents().events.count
        let bytes = scenario.events.storedBytes
        #expect(events > 90_000 && bytes < 3_000_000, "\(events) events in \(bytes) bytes")
        await scenario.stop()
    }
}
