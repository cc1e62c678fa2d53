import Foundation
import TestSupport
import Testing

@testable import AsyncDemoCore

/// The simulation's executor on paused or virtual pacing: time moves only when a test steps it
/// or when nothing can run, so every assertion is about order and instants, never about speed.
@Suite(.timeLimit(.minutes(1))) struct SimulationExecutorTests {
    @Test func sleepers_wake_in_deadline_order_at_exactly_their_deadlines() async throws {
        let executor = SimulationExecutor(pacing: .virtual)
        defer { executor.stop() }
        let woken = Recorder<String>()
        try await withTaskExecutorPreference(executor) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (name, seconds) in [("c", 3.0), ("a", 1.0), ("b", 2.0), ("a2", 1.0)] {
                    group.addTask {
                        try await executor.sleep(until: .seconds(seconds))
                        woken.append("\(name)@\(executor.now)")
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(woken.values == ["a@1.0 seconds", "a2@1.0 seconds", "b@2.0 seconds", "c@3.0 seconds"])
    }

    @Test func paused_only_a_step_wakes_a_sleeper_and_quiet_waits_for_everything_the_step_allows() async throws {
        let executor = SimulationExecutor(pacing: .realTime(speed: 1, paused: true))
        defer { executor.stop() }
        let woken = Recorder<Duration>()
        let sleeper = Task(executorPreference: executor) {
            for _ in 0..<3 {
                try await executor.sleep(until: executor.now + .milliseconds(150))
                woken.append(executor.now)
            }
        }
        await executor.quiet()
        #expect(woken.values.isEmpty)
        executor.step(by: .milliseconds(100))
        await executor.quiet()
        #expect(woken.values.isEmpty, "150 ms not reached")
        executor.step(by: .milliseconds(400))
        await executor.quiet()
        #expect(woken.values == [.milliseconds(150), .milliseconds(300), .milliseconds(450)])
        try await sleeper.value
    }

    @Test func an_input_runs_after_the_sleepers_due_before_its_instant() async throws {
        let executor = SimulationExecutor(pacing: .realTime(speed: 1, paused: true))
        defer { executor.stop() }
        let order = Recorder<String>()
        let sleeper = Task(executorPreference: executor) {
            try await executor.sleep(until: .milliseconds(500))
            order.append("sleeper at \(executor.now)")
        }
        await executor.quiet()
        executor.step(by: .seconds(1))
        executor.submit { order.append("input at \(executor.now)") }
        await executor.quiet()
        #expect(order.values == ["sleeper at 0.5 seconds", "input at 1.0 seconds"])
        try await sleeper.value
    }

    @Test func a_cancelled_sleeper_throws_and_the_others_still_wake() async throws {
        let executor = SimulationExecutor(pacing: .realTime(speed: 1, paused: true))
        defer { executor.stop() }
        let cancelled = Task(executorPreference: executor) { try await executor.sleep(until: .seconds(1)) }
        let kept = Task(executorPreference: executor) { try await executor.sleep(until: .seconds(1)) }
        await executor.quiet()
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        executor.step(by: .seconds(1))
        try await kept.value
    }

    @Test func blocking_work_holds_time_and_its_results_arrive_in_the_order_it_started() async throws {
        let executor = SimulationExecutor(pacing: .virtual)
        defer { executor.stop() }
        let order = Recorder<String>()
        try await withTaskExecutorPreference(executor) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // The slow one starts first, so it is handed back first.
                    let value = try await executor.runBlocking { () -> String in
                        usleep(50_000)
                        return "slow"
                    }
                    order.append("\(value)@\(executor.now)")
                }
                group.addTask {
                    let value = try await executor.runBlocking { "fast" }
                    order.append("\(value)@\(executor.now)")
                }
                group.addTask {
                    try await executor.sleep(until: .seconds(1))
                    order.append("timer@\(executor.now)")
                }
                try await group.waitForAll()
            }
        }
        #expect(order.values == ["slow@0.0 seconds", "fast@0.0 seconds", "timer@1.0 seconds"])
    }

    @Test func a_frame_is_offered_when_the_change_count_moves() async {
        let executor = SimulationExecutor(pacing: .realTime(speed: 1, paused: true))
        defer { executor.stop() }
        let changes = Recorder<Int>()
        let count: @Sendable () -> UInt64 = { UInt64(changes.values.count) }
        let first = await executor.nextFrame(after: nil, interval: .zero, changes: count)
        #expect(first.changes == 0 && first.simulated == .zero)
        changes.append(1)
        let second = await executor.nextFrame(after: first, interval: .zero, changes: count)
        #expect(second.changes == 1)
        executor.step(by: .milliseconds(100))
        let third = await executor.nextFrame(after: second, interval: .zero, changes: count)
        #expect(third.simulated == .milliseconds(100), "a step moves the instant shown")
    }

    @Test func a_simulated_time_source_reads_and_sleeps_on_the_clock() async throws {
        // Given a paused clock seen as instants
        let clock = SimulationClock(paused: true)
        let origin = SimulationInstant.start
        let source = TimeSource.simulated(by: clock)
        let sleep = try #require(source.sleep)
        let woke = Recorder<Duration>()
        let sleeper = Task(executorPreference: clock.executor) {
            try await sleep(origin.advanced(by: .seconds(1)))
            woke.append(clock.now.sinceStart)
        }
        await clock.executor.quiet()
        // When the clock is stepped past the deadline, the sleeper wakes at it, and not before
        clock.step(by: .milliseconds(600))
        await clock.executor.quiet()
        #expect(source.now() == origin.advanced(by: .milliseconds(600)))
        #expect(woke.values.isEmpty)
        clock.step(by: .milliseconds(600))
        try await sleeper.value
        #expect(woke.values == [.seconds(1)])
    }
}
