import TestSupport
import Testing

@testable import AsyncDemoCore

/// Starts a task that sleeps on `clock` until `deadline` and then records `label`.
private func sleeper(
    on clock: SimulationClock, until deadline: Duration, label: Int, woken: Recorder<Int>
) -> Task<Void, any Error> {
    Task {
        try await clock.sleep(until: .init(sinceStart: deadline))
        woken.append(label)
    }
}

private func waitForSleepers(_ clock: SimulationClock, _ count: Int) async {
    await eventually("\(count) sleepers registered") { clock.sleeperCount == count }
}

@Suite struct SimulationClockTests {
    @Test func simulation_clock_stands_still_while_paused() {
        // Given a paused clock on a manual base
        let time = ManualTime()
        let clock = SimulationClock(base: time.source)
        time.advance(by: .seconds(3))
        clock.setPaused(true)
        let pausedAt = clock.now
        // When real time goes on
        time.advance(by: .seconds(60))
        // Then simulated time did not move, and resumes from the same point
        #expect(clock.now == pausedAt)
        #expect(pausedAt.sinceStart == .seconds(3))
        clock.setPaused(false)
        time.advance(by: .seconds(1))
        #expect(clock.now.sinceStart == .seconds(4))
    }

    @Test func simulation_clock_created_paused_starts_at_exactly_zero() {
        let time = ManualTime()
        let clock = SimulationClock(paused: true, base: time.source)
        time.advance(by: .seconds(5))
        #expect(clock.isPaused && clock.now.sinceStart == .zero)
        clock.step(by: .milliseconds(100))
        #expect(clock.now.sinceStart == .milliseconds(100))
    }

    @Test func a_simulated_time_source_reads_and_sleeps_on_the_clock() async throws {
        // Given a paused clock seen as instants from `origin`
        let clock = SimulationClock(paused: true, base: ManualTime().source)
        let origin = ContinuousClock.now
        let source = TimeSource.simulated(by: clock, from: origin)
        let sleep = try #require(source.sleep)
        let woke = Recorder<Duration>()
        let sleeper = Task {
            try await sleep(origin.advanced(by: .seconds(1)))
            woke.append(clock.now.sinceStart)
        }
        // When the clock is stepped past the deadline, the sleeper wakes, and not before
        clock.step(by: .milliseconds(600))
        #expect(source.now() == origin.advanced(by: .milliseconds(600)))
        #expect(woke.values.isEmpty)
        clock.step(by: .milliseconds(600))
        try await sleeper.value
        #expect(woke.values == [.milliseconds(1200)])
    }

    @Test func simulation_clock_speed_scales_elapsed_time_from_the_moment_it_changes() {
        // Given a clock at 1x that has run 4 real seconds
        let time = ManualTime()
        let clock = SimulationClock(base: time.source)
        time.advance(by: .seconds(4))
        // When the speed becomes 2x and 3 more real seconds pass
        clock.setSpeed(2)
        time.advance(by: .seconds(3))
        // Then the first 4 s are not re-scaled and the next 3 count double
        #expect(clock.now.sinceStart == .seconds(10))
    }

    @Test func simulation_clock_clamps_speed() {
        let clock = SimulationClock(speed: 50)
        #expect(clock.speed == 10)
        clock.setSpeed(0)
        #expect(clock.speed == 0.1)
        clock.setSpeed(.nan)
        #expect(clock.speed == 0.1)
    }

    @Test func simulation_clock_at_double_speed_halves_the_real_wait_of_a_sleep_in_progress() async throws {
        // Given a sleeper 10 simulated seconds away, 4 seconds into its sleep at 1x
        let time = ManualTime()
        let clock = SimulationClock(base: time.source)
        let woken = Recorder<Int>()
        let task = sleeper(on: clock, until: .seconds(10), label: 1, woken: woken)
        await waitForSleepers(clock, 1)
        time.advance(by: .seconds(4))
        #expect(clock.realDelayToEarliestDeadline == .seconds(6))
        // When the speed doubles
        clock.setSpeed(2)
        // Then the remaining real wait halves, and at 0.5x it doubles instead
        #expect(clock.realDelayToEarliestDeadline == .seconds(3))
        clock.setSpeed(0.5)
        #expect(clock.realDelayToEarliestDeadline == .seconds(12))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // And once the only sleeper is cancelled, no timer is left to wake for it
        #expect(!clock.hasTimer)
    }

    @Test func simulation_clock_paused_with_sleepers_has_no_timer() async throws {
        // Given a sleeper on a running clock, so a timer is waiting for it
        let clock = SimulationClock(base: ManualTime().source)
        let woken = Recorder<Int>()
        let task = sleeper(on: clock, until: .seconds(5), label: 1, woken: woken)
        await waitForSleepers(clock, 1)
        #expect(clock.hasTimer)
        // When the clock is paused
        clock.setPaused(true)
        // Then nothing is scheduled to wake on the real clock, and nothing woke
        #expect(!clock.hasTimer)
        #expect(clock.realDelayToEarliestDeadline == nil)
        #expect(woken.values.isEmpty)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func simulation_clock_step_wakes_exactly_the_due_sleepers_in_deadline_order() async throws {
        // Given a paused clock with sleepers due at 3, 1, 2 and 5 simulated seconds
        let clock = SimulationClock(base: ManualTime().source)
        clock.setPaused(true)
        let woken = Recorder<Int>()
        var tasks: [Task<Void, any Error>] = []
        for (count, deadline) in [3, 1, 2, 5].enumerated() {
            tasks.append(sleeper(on: clock, until: .seconds(deadline), label: deadline, woken: woken))
            await waitForSleepers(clock, count + 1)
        }
        // When it steps one second at a time, three times
        for expected in 1...3 {
            clock.step(by: .seconds(1))
            // Then each step wakes the one sleeper due by then, earliest first
            await eventually("sleeper \(expected) woke") { woken.values.count == expected }
            #expect(woken.values == Array(1...expected))
            #expect(clock.sleeperCount == 4 - expected)
        }
        #expect(clock.now.sinceStart == .seconds(3))
        #expect(!clock.hasTimer)
        // And one long step wakes the last one
        clock.step(by: .seconds(10))
        for task in tasks { try await task.value }
        #expect(woken.values == [1, 2, 3, 5])
    }

    @Test func simulation_clock_cancelled_sleeper_throws_and_leaves() async throws {
        // Given two sleepers on a paused clock
        let clock = SimulationClock(base: ManualTime().source)
        clock.setPaused(true)
        let woken = Recorder<Int>()
        let cancelled = sleeper(on: clock, until: .seconds(1), label: 1, woken: woken)
        let kept = sleeper(on: clock, until: .seconds(2), label: 2, woken: woken)
        await waitForSleepers(clock, 2)
        // When the earlier one is cancelled
        cancelled.cancel()
        // Then it throws CancellationError and only the other one is left to wake
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(clock.sleeperCount == 1)
        clock.step(by: .seconds(2))
        try await kept.value
        #expect(woken.values == [2])
    }

    @Test func simulation_clock_sleep_in_an_already_cancelled_task_throws_at_once() async {
        let clock = SimulationClock(base: ManualTime().source)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(1))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func simulation_clock_sleep_for_a_past_deadline_returns_at_once() async throws {
        let clock = SimulationClock(base: ManualTime().source)
        clock.setPaused(true)
        clock.step(by: .seconds(5))
        try await clock.sleep(until: .init(sinceStart: .seconds(4)))
        try await clock.sleep(for: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func simulation_clock_wakes_a_thousand_sleepers_on_real_time_exactly_once() async throws {
        // Given a clock at 10x on the real base, and 1,000 sleepers with seeded deadlines up to
        // 1 simulated second (0.1 s real)
        let clock = SimulationClock(speed: 10)
        var random = SeededRandom(seed: 42)
        let wakeCount = Counter()
        // When they all sleep
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<1_000 {
                let deadline = Duration.milliseconds(Int(random.next() % 1_000))
                group.addTask {
                    try await clock.sleep(for: deadline)
                    wakeCount.increment()
                }
            }
            try await group.waitForAll()
        }
        // Then each woke exactly once (a second resume would trap in the checked continuation)
        #expect(wakeCount.current == 1_000)
        #expect(clock.sleeperCount == 0)
        await eventually("the timer stops once nobody sleeps") { !clock.hasTimer }
    }

    @Test func simulation_clock_step_wakes_a_thousand_sleepers_exactly_once() async throws {
        let clock = SimulationClock(base: ManualTime().source)
        clock.setPaused(true)
        let wakeCount = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    try await clock.sleep(for: .milliseconds(index % 100))
                    wakeCount.increment()
                }
            }
            await waitForSleepers(clock, 990)  // the ten due at 0 ms never sleep
            clock.step(by: .milliseconds(50))
            clock.step(by: .milliseconds(50))
            try await group.waitForAll()
        }
        #expect(wakeCount.current == 1_000)
        #expect(clock.sleeperCount == 0)
    }
}
