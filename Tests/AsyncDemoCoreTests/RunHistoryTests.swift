import AsyncDemoCore
import Testing
import TestSupport

/// The lanes the timeline draws and the breakdowns it adds up, folded from events.
@Suite struct RunHistoryTests {
    private struct Script {
        var events: [SimulationEvent] = []

        mutating func at(_ milliseconds: Int, _ kind: SimulationEvent.Kind) {
            events.append(SimulationEvent(
                sequence: UInt64(events.count + 1), at: .start + .milliseconds(milliseconds), kind: kind))
        }
    }

    private let worker = TaskID(rawValue: 7)

    /// Spawned at 100 ms, running 200-500, waiting for a permit 500-900, running 900-950,
    /// completed at 1,000.
    private func oneWorker() -> Script {
        var script = Script()
        script.at(100, .taskSpawned(task: worker, name: "w1", kind: "worker", parent: nil))
        script.at(200, .taskStateChanged(task: worker, state: .running))
        script.at(500, .taskStateChanged(task: worker, state: .waiting(.semaphore)))
        script.at(900, .taskStateChanged(task: worker, state: .running))
        script.at(950, .taskStateChanged(task: worker, state: .suspended(.sleep)))
        script.at(1_000, .taskFinished(task: worker, state: .completed))
        return script
    }

    @Test func a_cell_shows_what_took_longest_in_it_marks_mixed_cells_and_the_ending() throws {
        var lanes = TaskLanes()
        lanes.apply(oneWorker().events)
        let lane = try #require(lanes[worker])
        // Cells of 200 ms from 0 to 1,200.
        let cells = lane.cells(count: 6, width: .milliseconds(200), endingAt: .start + .milliseconds(1_200))
        #expect(cells[0] == TaskLane.Cell(activity: .created, isMixed: false, ending: nil))
        #expect(cells[1] == TaskLane.Cell(activity: .running, isMixed: false, ending: nil))
        #expect(cells[2] == TaskLane.Cell(activity: .running, isMixed: true, ending: nil))
        #expect(cells[3] == TaskLane.Cell(activity: .waitingForPermit, isMixed: false, ending: nil))
        #expect(cells[4] == TaskLane.Cell(activity: .waitingForPermit, isMixed: true, ending: nil))
        #expect(cells[5] == TaskLane.Cell(activity: nil, isMixed: false, ending: .completed))
        let afterwards = lane.cells(count: 1, width: .milliseconds(200), endingAt: .start + .milliseconds(1_400))
        #expect(afterwards == [.empty])
        // Before the spawn the lane is empty, not "created".
        let early = lane.cells(count: 2, width: .milliseconds(50), endingAt: .start + .milliseconds(100))
        #expect(early.allSatisfy { $0.isEmpty })
    }

    @Test func the_breakdown_adds_up_to_the_tasks_life_by_activity() throws {
        var lanes = TaskLanes()
        lanes.apply(oneWorker().events)
        let breakdown = try #require(lanes[worker]).breakdown(at: .start + .seconds(5))
        #expect(breakdown[.created] == .milliseconds(100))
        #expect(breakdown[.running] == .milliseconds(350))
        #expect(breakdown[.waitingForPermit] == .milliseconds(400))
        #expect(breakdown[.sleeping] == .milliseconds(50))
        #expect(breakdown.waiting == .milliseconds(400))
        #expect(breakdown.total == .milliseconds(900))
        #expect(breakdown.nonZero.map(\.activity) == [.waitingForPermit, .running, .created, .sleeping])
    }

    @Test func a_live_tasks_breakdown_counts_its_current_activity_up_to_the_instant_asked() throws {
        var script = oneWorker()
        script.events.removeLast()
        var lanes = TaskLanes()
        lanes.apply(script.events)
        let lane = try #require(lanes[worker])
        #expect(lane.breakdown(at: .start + .milliseconds(1_250))[.sleeping] == .milliseconds(300))
        #expect(lane.activity(at: .start + .milliseconds(600)) == .waitingForPermit)
        #expect(lane.activity(at: .start + .milliseconds(50)) == nil)
    }

    @Test func a_lane_keeps_its_newest_changes_and_its_whole_breakdown() throws {
        var script = Script()
        script.at(0, .taskSpawned(task: worker, name: "w1", kind: "worker", parent: nil))
        for step in 1...100 { script.at(step * 10, .taskStateChanged(task: worker, state: step % 2 == 0 ? .running : .suspended(.sleep))) }
        var lanes = TaskLanes(changeLimit: 8)
        lanes.apply(script.events)
        let lane = try #require(lanes[worker])
        #expect(lane.changes.count == 8)
        #expect(lane.keptSince == .start + .milliseconds(930))
        #expect(lane.activity(at: .start + .milliseconds(500)) == nil)
        let breakdown = lane.breakdown(at: .start + .milliseconds(1_000))
        #expect(breakdown[.created] == .milliseconds(10))
        #expect(breakdown[.sleeping] == .milliseconds(500))
        #expect(breakdown[.running] == .milliseconds(490))
        #expect(breakdown.total == .seconds(1))
    }

    @Test func the_oldest_finished_lanes_go_first_and_live_ones_stay() {
        var script = Script()
        for id in 1...10 {
            script.at(id, .taskSpawned(task: TaskID(rawValue: UInt64(id)), name: "j\(id)", kind: "job", parent: nil))
        }
        for id in 1...6 { script.at(100 + id, .taskFinished(task: TaskID(rawValue: UInt64(id)), state: .cancelled)) }
        var lanes = TaskLanes(finishedLimit: 2)
        lanes.apply(script.events)
        #expect(lanes.lanes.keys.map(\.rawValue).sorted() == [5, 6, 7, 8, 9, 10])
        #expect(lanes[TaskID(rawValue: 6)]?.ending?.state == .cancelled)
    }

    @Test func a_finished_lane_leaves_once_its_retention_has_passed() {
        var script = Script()
        script.at(0, .taskSpawned(task: worker, name: "w1", kind: "worker", parent: nil))
        script.at(1_000, .taskFinished(task: worker, state: .completed))
        script.at(1_000, .taskSpawned(task: TaskID(rawValue: 8), name: "w2", kind: "worker", parent: nil))
        var lanes = TaskLanes(retention: .seconds(2))
        lanes.apply(script.events)
        script.at(3_000, .taskStateChanged(task: TaskID(rawValue: 8), state: .running))
        lanes.apply(script.events[3])
        #expect(lanes[worker] != nil, "two seconds after it ended, the lane is still within its retention")
        script.at(3_001, .taskStateChanged(task: TaskID(rawValue: 8), state: .suspended(.sleep)))
        lanes.apply(script.events[4])
        #expect(lanes[worker] == nil)
        #expect(lanes[TaskID(rawValue: 8)] != nil)
    }

    @Test func events_about_a_task_never_seen_spawned_are_counted_not_drawn() {
        var script = Script()
        script.at(5, .taskStateChanged(task: worker, state: .running))
        script.at(6, .taskFinished(task: worker, state: .failed("boom")))
        var lanes = TaskLanes()
        lanes.apply(script.events)
        #expect(lanes[worker] == nil)
        #expect(lanes.eventsForUnknownTasks == 2)
    }

    @Test func a_renamed_task_is_listed_and_drawn_by_its_new_name_and_keeps_it_after_it_ends() throws {
        var script = Script()
        script.at(1, .taskSpawned(task: worker, name: "HTTP GET route not found", kind: "span.server", parent: nil))
        script.at(2, .taskRenamed(task: worker, name: "/db"))
        var lanes = TaskLanes()
        lanes.apply(script.events)
        var board = TaskBoardFold(configuration: TaskBoard.Configuration())
        for event in script.events { board.apply(event) }
        #expect(lanes[worker]?.name == "/db")
        #expect(board.snapshot(at: .start + .milliseconds(2)).live.map(\.name) == ["/db"])
        script.at(3, .taskFinished(task: worker, state: .completed))
        board.apply(script.events[2])
        #expect(board.snapshot(at: .start + .milliseconds(3)).recentlyFinished.map(\.name) == ["/db"])
    }

    @Test func wait_quantiles_are_within_a_sixteenth_of_the_exact_ones_and_the_maximum_is_exact() throws {
        var random = SeededRandom(seed: 11)
        var waits = WaitDistribution()
        #expect(waits.quantile(0.5) == nil)
        var exact = [Int64]()
        for _ in 0..<5_000 {
            let nanoseconds = Int64.random(in: 0...3_000_000_000, using: &random) / Int64.random(in: 1...1_000, using: &random)
            exact.append(nanoseconds)
            waits.record(.nanoseconds(nanoseconds))
        }
        exact.sort()
        #expect(waits.count == 5_000)
        let longest = try #require(exact.last)
        #expect(waits.maximum == .nanoseconds(longest))
        for fraction in [0.5, 0.9, 0.99] {
            let truth = Double(exact[Int((fraction * 5_000).rounded(.up)) - 1])
            let estimate = Double(try #require(waits.quantile(fraction)).wholeNanoseconds)
            #expect(estimate >= truth && estimate <= truth * 1.0625 + 1, "p\(fraction): \(estimate) vs \(truth)")
        }
        #expect(waits.quantile(1) == waits.maximum)
    }

    @Test func the_history_gathers_every_granted_permit_wait() {
        var history = RunHistory()
        var script = Script()
        script.at(1, .permitGranted(task: worker, waitedNanoseconds: 0))
        script.at(2, .permitGranted(task: worker, waitedNanoseconds: 2_000_000_000))
        script.at(3, .permitRequestCancelled(task: worker))
        for event in script.events { history.apply(event) }
        #expect(history.permitWaits.count == 2)
        #expect(history.permitWaits.maximum == .seconds(2))
    }
}
