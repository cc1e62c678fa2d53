import Foundation
import AsyncDemoCore
import Lessons
import Testing

@Suite(.timeLimit(.minutes(1))) struct VirtualTimeTests {
    @Test func virtual_time_jumps_to_each_deadline_without_real_waiting() async throws {
        let realStart = ContinuousClock.now
        let (elapsed, _) = try await inVirtualTime { context in
            try await context.sleep(.seconds(3600))
            return context.clock.elapsed
        }
        #expect(elapsed == .seconds(3600))
        #expect(realStart.duration(to: .now) < .seconds(10))
    }

    @Test func time_does_not_move_while_blocking_work_is_out() async throws {
        let (observed, _) = try await inVirtualTime { context in
            // A sleeper that would be due at once if time could skip ahead during the work.
            let ticker = context.spawn { try await context.sleep(.seconds(1)) }
            let during = try await context.blocking.run { usleep(50_000); return 0 }
            let afterWork = context.clock.elapsed
            try await ticker.value
            return (during, afterWork)
        }
        #expect(observed.1 == .zero)
    }

    @Test func a_cancelled_sleeper_wakes_at_once_with_cancellation_error() async throws {
        let (outcome, _) = try await inVirtualTime { context in
            let sleeper = context.spawn { try await context.sleep(.seconds(100)) }
            try await context.sleep(.seconds(1))
            sleeper.cancel()
            let result = await sleeper.result
            return (context.clock.elapsed, result)
        }
        #expect(outcome.0 == .seconds(1))
        #expect(throws: CancellationError.self) { try outcome.1.get() }
    }

    @Test func with_timeout_returns_the_value_when_in_time() async throws {
        let value = try await withTimeout(.seconds(10)) { 42 }
        #expect(value == 42)
    }

    @Test func with_timeout_throws_on_a_real_clock_too() async throws {
        await #expect(throws: TimeoutError.self) {
            try await withTimeout(.milliseconds(20)) { try await Task.sleep(for: .seconds(60)) }
        }
    }
}

@Suite(.timeLimit(.minutes(1))) struct SimulationTimeTests {
    /// The dashboard's clock: while it is paused the lesson stands still, and steps move it on.
    @Test func a_lesson_on_a_paused_simulation_clock_moves_only_when_stepped() async throws {
        let simulation = SimulationClock(paused: true)
        let clock = LessonClock.simulation(simulation)
        let sleptFor = Recorded<Duration?>(nil)
        let lesson = Task {
            try await LessonRunner.run(on: clock, sink: { _ in }) { context in
                let start = context.clock.now
                try await context.sleep(.seconds(30))
                sleptFor.update { $0 = start.duration(to: context.clock.now) }
            }
        }
        // Not stepped: once everything that can run has run, lesson time has not moved.
        await simulation.executor.quiet()
        #expect(clock.elapsed == .zero)
        #expect(sleptFor.value == nil)
        // Stepped half a second at a time until the lesson wakes (bounded, in case it never does).
        for _ in 0..<10_000 where sleptFor.value == nil {
            simulation.step(by: .milliseconds(500))
            try await Task.sleep(for: .milliseconds(1))
        }
        lesson.cancel()
        try await lesson.value
        let slept = try #require(sleptFor.value)
        #expect(slept >= .seconds(30))
    }
}
