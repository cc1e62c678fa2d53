@testable import Lessons
import AsyncDemoCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct CoordinationTests {
    @Test func lifecycle_cancels_one_task_and_awaits_the_other() async throws {
        let (outcome, _) = try await inVirtualTime(TaskLifecycle.run)
        #expect(outcome.downloadResult == "download done after 2 s")
        #expect(outcome.reportWasCancelled)
        #expect(outcome.transitions.contains(.init(task: "report", state: .cancelled, at: .milliseconds(1500))))
        #expect(outcome.transitions.contains(.init(task: "download", state: .finished, at: .seconds(2))))
        #expect(!outcome.transitions.contains { $0.task == "report" && $0.state == .finished })
        #expect(outcome.watched.contains("download=running report=cancelled"))
    }

    @Test func semaphore_lets_at_most_n_in_and_the_rest_wait() async throws {
        let (outcome, _) = try await inVirtualTime { try await SemaphoreAndQueue.runSemaphore($0, workers: 10, permits: 3) }
        #expect(outcome.peakHolders == 3)
        #expect(outcome.heldOnceAllAsked == 3)
        #expect(outcome.waitingOnceAllAsked == 7)
        #expect(outcome.elapsed == .seconds(4))
    }

    @Test func queue_delivers_every_item_once_and_never_overfills() async throws {
        let (outcome, _) = try await inVirtualTime { try await SemaphoreAndQueue.runProducerConsumer($0, capacity: 3) }
        #expect(outcome.consumed.sorted() == Array(1...6) + Array(101...106))
        #expect(outcome.highWater <= outcome.capacity)
        #expect(outcome.highWater == 3, "producers outpace consumers, so the queue fills")
    }

    @Test func a_full_queue_makes_a_producer_wait_and_the_scene_and_transcript_say_so() async throws {
        let scene = RecordingScene()
        let (outcome, transcript) = try await inVirtualTime(scene: scene.link) {
            try await SemaphoreAndQueue.runProducerConsumer($0, capacity: 3)
        }
        #expect(outcome.waitsForRoom > 0, "the bound is the back-pressure")
        #expect(transcript.contains("queue full (3/3): producer "))
        #expect(transcript.contains("producers waited for room \(outcome.waitsForRoom) times"))
        let queueNotes = scene.marks.compactMap { mark -> (Int, String)? in
            if case .gauge("queue", let depth, _, let note) = mark.kind { (depth, note) } else { nil }
        }
        #expect(queueNotes.contains { $0 == (3, "producer 1 blocked") || $0 == (3, "producer 2 blocked") },
                "the gauge shows the queue full and who waits")
        #expect(queueNotes.contains { $0 == (3, "2 producers blocked") })
        #expect(queueNotes.last?.1 == "no producer blocked", "nobody is left waiting at the end")
        // The plain command says it too: there is no scene, but the transcript is the same.
        let (_, plain) = try await inVirtualTime { try await SemaphoreAndQueue.runProducerConsumer($0, capacity: 3) }
        #expect(plain.contains("queue full (3/3): producer "))
    }

    @Test func the_semaphore_scene_names_the_holders_and_the_line_first_come_first_served() async throws {
        let scene = RecordingScene()
        _ = try await inVirtualTime(scene: scene.link) { try await SemaphoreAndQueue.runSemaphore($0, workers: 10, permits: 3) }
        let lines = scene.marks.compactMap { mark -> (holding: [String], waiting: [String])? in
            if case .holders(let holding, let waiting) = mark.kind { (holding, waiting) } else { nil }
        }
        // Once all ten asked: the first three hold, the other seven wait in the order they asked.
        #expect(lines.contains { $0.holding == ["w1", "w2", "w3"] && $0.waiting == (4...10).map { "w\($0)" } })
        #expect(lines.contains { $0.holding == ["w4", "w5", "w6"] && $0.waiting == (7...10).map { "w\($0)" } })
        #expect(lines.allSatisfy { $0.holding.count <= 3 })
        #expect(lines.last.map { $0.holding.isEmpty && $0.waiting.isEmpty } == true)
    }

    @Test func reentrant_counter_loses_updates_while_the_actor_counter_does_not() async throws {
        let (outcome, transcript) = try await inVirtualTime { try await CounterLock.run($0, increments: 100) }
        #expect(outcome.safeTotal == 100)
        #expect(outcome.reentrantTotal < 100)
        #expect(outcome.lostUpdates == 100 - outcome.reentrantTotal)
        #expect(transcript.contains("\(outcome.lostUpdates) updates lost"))
    }

    @Test func event_releases_every_waiter_at_once_and_condition_waits_for_enough() async throws {
        let (outcome, _) = try await inVirtualTime { try await EventAndCondition.run($0, waiters: 5) }
        #expect(outcome.eventWakeTimes == Array(repeating: outcome.eventSetAt, count: 5))
        let wakes = Dictionary(uniqueKeysWithValues: outcome.conditionWakes.map { ($0.needed, $0.at) })
        #expect(wakes == [1: .milliseconds(500), 2: .milliseconds(1500), 3: .seconds(3)])
    }

    @Test func timeout_cancels_the_slow_operation_and_throws() async throws {
        let (outcome, _) = try await inVirtualTime(TimeoutDemo.run)
        #expect(outcome.fastResult == "fast answer")
        #expect(outcome.slowError == TimeoutError(limit: .seconds(2)))
        #expect(outcome.slowWasCancelled)
        #expect(outcome.slowGaveUpAt == .seconds(2))
    }

    @Test func crawler_visits_each_reachable_url_once_within_the_depth_limit() async throws {
        let (outcome, _) = try await inVirtualTime { try await Crawler.run($0, maxDepth: 3, limit: 4) }
        let urls = outcome.fetches.map(\.url)
        #expect(Set(urls).count == urls.count, "a URL was fetched twice")
        let expected = outcome.graph.reachable(maxDepth: 3)
        #expect(Set(urls) == Set(expected.keys))
        for fetch in outcome.fetches {
            #expect(fetch.depth <= 3)
            #expect(fetch.depth == expected[fetch.url], "\(fetch.url) fetched at the wrong depth")
        }
        #expect(outcome.peakConcurrent <= outcome.concurrencyLimit)
        #expect(outcome.peakConcurrent >= 2, "fetches of different hosts overlap")
    }

    @Test func crawler_waits_the_politeness_delay_between_requests_to_a_host() async throws {
        let (outcome, _) = try await inVirtualTime { try await Crawler.run($0) }
        let byHost = Dictionary(grouping: outcome.fetches) { LinkGraph.host(of: $0.url) }
        #expect(byHost.count > 1)
        for fetches in byHost.values {
            let starts = fetches.map(\.startedAt).sorted()
            for (earlier, later) in zip(starts, starts.dropFirst()) {
                #expect(later - earlier >= outcome.politenessDelay)
            }
        }
    }

    @Test func pool_never_lends_more_than_it_has_and_reports_the_leak() async throws {
        let (outcome, transcript) = try await inVirtualTime { try await ResourcePoolDemo.run($0, clients: 8, size: 3) }
        #expect(outcome.peakInUse == 3)
        #expect(outcome.mostWaiting > 0)
        #expect(outcome.served == 8)
        #expect(Array(outcome.leaked.values) == [ResourcePoolDemo.forgetfulClient])
        #expect(transcript.contains("LEAK: connection #\(outcome.leaked.keys.first!) taken by client 5 was never returned"))
    }

    @Test func the_timeout_scene_counts_down_each_call_and_shows_which_ran_out() async throws {
        let scene = RecordingScene()
        _ = try await inVirtualTime(scene: scene.link, TimeoutDemo.run)
        #expect(scene.marks == [
            SceneMark(at: .zero, .countdownStarted(label: "fast call", limit: .seconds(2))),
            SceneMark(at: .seconds(1), .countdownEnded(label: "fast call", timedOut: false)),
            SceneMark(at: .seconds(1), .countdownStarted(label: "slow call", limit: .seconds(2))),
            SceneMark(at: .seconds(3), .countdownEnded(label: "slow call", timedOut: true)),
        ])
    }

    /// The crawler's politeness delay, not its limit, is what holds its fetches back.
    @Test(arguments: [("permits", true), ("queue", true), ("in use", true), ("fetching", false)])
    func a_scene_gauge_moves_and_never_passes_its_limit(gauge: String, reachesLimit: Bool) async throws {
        let scene = RecordingScene()
        let example: @Sendable (LessonContext) async throws -> Void = switch gauge {
        case "permits": { _ = try await SemaphoreAndQueue.runSemaphore($0) }
        case "queue": { _ = try await SemaphoreAndQueue.runProducerConsumer($0) }
        case "in use": { _ = try await ResourcePoolDemo.run($0) }
        default: { _ = try await Crawler.run($0) }
        }
        _ = try await inVirtualTime(scene: scene.link, example)
        let readings = scene.marks.compactMap { mark -> (value: Int, limit: Int)? in
            guard case .gauge(gauge, let value, let limit, _) = mark.kind else { return nil }
            return (value, limit)
        }
        #expect(readings.count > 3, "the gauge moves as the example runs")
        #expect(readings.allSatisfy { $0.value <= $0.limit })
        #expect(readings.contains { $0.value == $0.limit } == reachesLimit)
    }
}
