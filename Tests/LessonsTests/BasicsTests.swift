import AsyncDemoCore
import Lessons
import Testing

@Suite(.timeLimit(.minutes(1))) struct BasicsTests {
    @Test func concurrent_jobs_take_the_longest_and_sequential_the_sum() async throws {
        // Given jobs of 2 s, 3 s and 1 s, When they run one by one and then together
        let (outcome, transcript) = try await inVirtualTime(SequentialVsConcurrent.run)
        // Then one by one takes the sum and together the longest, in lesson time
        #expect(outcome.sequential == .seconds(6))
        #expect(outcome.concurrent == .seconds(3))
        #expect(outcome.speedUp == 2)
        #expect(transcript.contains("[  6.00s] sequential: 6.00 s"))
        #expect(transcript.contains("[  9.00s] concurrent: 3.00 s"))
        #expect(transcript.contains("speed-up: 2.0x"))
    }

    @Test func mixed_requests_finish_with_the_slowest_call() async throws {
        let (outcome, _) = try await inVirtualTime(MixedRequests.run)
        #expect(outcome.elapsed == .seconds(1.5))
        #expect(outcome.profile == "user 7 (Ada)")
        #expect(outcome.orderCount == 3)
        #expect(outcome.prices.keys.sorted() == MixedRequests.productIDs)
        #expect(outcome.sequentialEstimate == .seconds(6.5))
    }

    @Test func a_failing_child_cancels_its_siblings_and_reaches_the_parent() async throws {
        let (outcome, _) = try await inVirtualTime(ErrorPropagation.run)
        #expect(outcome.parentError == "flaky is down")
        #expect(outcome.failFastEndings["quick"] == .finished("quick"))
        #expect(outcome.failFastEndings["flaky"] == .failed("flaky is down"))
        #expect(outcome.failFastEndings["slow"] == .cancelled)
        // The group returned when the failure came, not when the slow child would have finished
        #expect(outcome.failFastElapsed == .seconds(1))
    }

    @Test func gathering_results_keeps_every_result_and_error() async throws {
        let (outcome, _) = try await inVirtualTime(ErrorPropagation.run)
        #expect(outcome.gathered == [.finished("quick"), .failed("flaky is down"), .finished("slow")])
    }

    @Test func the_scene_draws_the_sequential_bars_end_to_end_and_the_concurrent_ones_together() async throws {
        let scene = RecordingScene()
        _ = try await inVirtualTime(scene: scene.link, SequentialVsConcurrent.run)
        #expect(scene.marks.first == SceneMark(at: .zero, .timelineSpan(.seconds(6))))
        // (track, label) -> when its bar started and ended, in seconds of lesson time
        let bars = scene.bars
        #expect(bars["sequential A"] == 0...2)
        #expect(bars["sequential B"] == 2...5)
        #expect(bars["sequential C"] == 5...6)
        #expect(bars["concurrent A"] == 6...8)
        #expect(bars["concurrent B"] == 6...9)
        #expect(bars["concurrent C"] == 6...7)
        #expect(scene.endings.allSatisfy { $0 == .finished })
    }

    @Test func the_error_scene_shows_the_failure_cutting_its_siblings_short() async throws {
        let scene = RecordingScene()
        _ = try await inVirtualTime(scene: scene.link, ErrorPropagation.run)
        let bars = scene.bars
        #expect(bars["fail fast quick"] == 0...0.5)
        #expect(bars["fail fast flaky"] == 0...1)
        #expect(bars["fail fast slow"] == 0...1)
        // A beat after the failing group, for the scene to be read, before collecting everything.
        #expect(bars["collect all slow"] == 2...5)
        #expect(scene.endings == [.finished, .failed, .cancelled, .finished, .failed, .finished])
    }
}
