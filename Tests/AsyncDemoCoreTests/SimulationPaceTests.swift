import Testing

@testable import AsyncDemoCore

/// The pacing arithmetic on real instants given by hand: no clock is read, nothing sleeps.
@Suite struct SimulationPaceTests {
    private let start = ContinuousClock.now

    private func limit(_ pace: SimulationPace, after seconds: Double) -> SimulationPace.Limit {
        pace.limit(real: start.advanced(by: .seconds(seconds)))
    }

    @Test func simulated_time_stands_still_while_paused_and_resumes_from_the_same_point() {
        var pace = SimulationPace(.realTime(speed: 1, paused: false), real: start)
        pace.setPaused(true, real: start.advanced(by: .seconds(3)))
        #expect(limit(pace, after: 63) == .upTo(.seconds(3)))
        pace.setPaused(false, real: start.advanced(by: .seconds(63)))
        #expect(limit(pace, after: 64) == .upTo(.seconds(4)))
    }

    @Test func created_paused_it_starts_at_zero_and_moves_only_by_steps() {
        var pace = SimulationPace(.realTime(speed: 1, paused: true), real: start)
        #expect(limit(pace, after: 5) == .upTo(.zero))
        pace.step(by: .milliseconds(100), real: start.advanced(by: .seconds(5)))
        #expect(limit(pace, after: 9) == .upTo(.milliseconds(100)))
        #expect(pace.realInstant(reaching: .seconds(1)) == nil, "paused, no real instant reaches a deadline")
    }

    @Test func a_new_speed_scales_only_the_time_after_it() {
        var pace = SimulationPace(.realTime(speed: 1, paused: false), real: start)
        pace.setSpeed(2, real: start.advanced(by: .seconds(4)))
        #expect(limit(pace, after: 7) == .upTo(.seconds(10)))
        #expect(pace.realInstant(reaching: .seconds(12)) == start.advanced(by: .seconds(8)))
    }

    @Test func speeds_are_clamped_and_nonsense_becomes_the_slowest() {
        #expect(SimulationPace(.realTime(speed: 50, paused: false), real: start).speed == 10)
        #expect(SimulationPace(.realTime(speed: 0, paused: false), real: start).speed == 0.1)
        #expect(SimulationPace(.realTime(speed: .nan, paused: false), real: start).speed == 0.1)
    }

    @Test func virtual_pacing_lets_time_jump_anywhere() {
        let pace = SimulationPace(.virtual, real: start)
        #expect(limit(pace, after: 0) == .unbounded)
        #expect(pace.realInstant(reaching: .seconds(100)) == nil)
    }
}
