import AsyncDemoCore
import Testing
import TestSupport

@testable import Dashboard
@testable import Simulation

@Suite("Default scenario")
struct ScenarioTests {
    @Test func a_cancelled_job_gives_back_its_permit_and_cancels_its_child() async {
        // Given one permit and a job holding it
        let log = LogRecorder()
        let scenario = makeScenario(log) { $0.permits = 1 }
        scenario.perform(.setPaused(true))
        scenario.start()
        scenario.perform(.spawnJob)
        // Stepped, not run: the job holds the permit after at most 1.5 simulated seconds, its
        // child audits for at least 3, so both are still live when the cancel lands.
        var steps = 0
        while await scenario.pool.snapshot().semaphore.held == 0, steps < 20 {
            scenario.perform(.step)
            steps += 1
            await scenario.executor.quiet()
        }
        #expect(await scenario.pool.snapshot().semaphore.held == 1)
        let job = await scenario.pool.snapshot().rows[0].id
        // When it is cancelled
        scenario.perform(.cancel(job))
        // Then the permit is free, the job and its child are cancelled, and the log says so
        await eventually("the permit is back") { await scenario.pool.snapshot().semaphore.held == 0 }
        await eventually("job and child cancelled") { await scenario.board.snapshot().counters.cancelled == 2 }
        await eventually("the row shows it") { await scenario.pool.snapshot().rows.first?.phase == .cancelled }
        #expect(log.contains("info spawned job-1 (#1)"))
        #expect(log.contains("info spawned job-1.audit"))
        #expect(log.contains("info permit granted to job-1 (#1)"))
        #expect(log.contains("info cancelled job-1 (#1)"))
        #expect(log.contains("info cancelled job-1.audit"))
        await scenario.stop()
    }

    @Test func a_failing_worker_is_logged_as_an_error_and_replaced() async {
        // Given one worker whose every job fails
        let log = LogRecorder()
        let scenario = makeScenario(log) {
            $0.workers = 1
            $0.failurePercent = 100
        }
        scenario.start()
        // Then it fails, the error is logged, and a new worker takes its place
        await eventually("a failure") { await scenario.board.snapshot().counters.failed >= 1 }
        await eventually("the replacement") { log.contains("spawned w2") }
        // Replacements keep the pool at its one worker, never more
        await eventually("a few replacements") { log.contains("spawned w4") }
        #expect(await scenario.pool.snapshot().rows.filter { !$0.phase.isFinished }.count <= 1)
        #expect(log.contains("error w1 (#1) failed: simulated I/O error"))
        #expect(log.contains("warning replacing failed worker w1"))
        await scenario.stop()
    }

    @Test func permits_and_workers_change_live() async {
        let log = LogRecorder()
        let scenario = makeScenario(log) {
            $0.workers = 2
            $0.permits = 1
        }
        scenario.start()
        scenario.perform(.adjustPermits(by: 2))
        await scenario.executor.quiet()
        #expect(await scenario.pool.snapshot().semaphore.permits == 3)
        scenario.perform(.adjustWorkers(by: 1))
        await eventually("three live workers") {
            await scenario.pool.snapshot().rows.filter { !$0.phase.isFinished }.count == 3
        }
        scenario.perform(.adjustWorkers(by: -2))
        await eventually("one live worker, the oldest") {
            let live = await scenario.pool.snapshot().rows.filter { !$0.phase.isFinished }
            return live.map(\.label) == ["w1"]
        }
        // Permits never drop below one
        scenario.perform(.adjustPermits(by: -10))
        await scenario.executor.quiet()
        #expect(await scenario.pool.snapshot().semaphore.permits == 1)
        await scenario.stop()
    }

    @Test func a_fast_producer_and_no_consumer_fill_the_queue_and_block() async {
        // Given a quick producer, no consumer and a small queue
        let log = LogRecorder()
        let scenario = makeScenario(log) {
            $0.producers = 2
            $0.rate = 50
            $0.capacity = 4
        }
        scenario.start()
        // Then the queue fills to capacity and both producers show as blocked, on the board too
        await eventually("back-pressure") {
            let queue = await scenario.pipeline.snapshot().queue
            return queue.depth == 4 && queue.blockedSenders == 2
        }
        await eventually("producers waiting for room") {
            await scenario.board.snapshot().live.filter { $0.state == .waiting(.queueFull) }.count == 2
        }
        #expect(log.contains("enqueued item 1"))
        // When a consumer is added the items flow and conservation holds throughout
        scenario.perform(.adjustConsumers(by: 1))
        await eventually("items received") { await scenario.pipeline.snapshot().queue.received > 4 }
        #expect(await scenario.pipeline.snapshot().conservationHolds)
        scenario.perform(.stepCapacity(up: true))
        await scenario.executor.quiet()
        #expect(await scenario.pipeline.snapshot().queue.capacity == 8)
        await scenario.stop()
    }

    @Test func thousands_of_workers_start_a_batch_per_simulated_millisecond() async {
        let scenario = makeScenario(LogRecorder()) { $0.workers = 1000 }
        scenario.perform(.setPaused(true))
        scenario.start()
        // Between batches the simulation is quiet: a frame shows the start climbing.
        #expect(await scenario.settledFrame().workers.rows.count == WorkerPool.startBatch)
        scenario.executor.step(by: .milliseconds(1))
        #expect(await scenario.settledFrame().workers.rows.count == 2 * WorkerPool.startBatch)
        scenario.executor.step(by: .milliseconds(3))
        #expect(await scenario.settledFrame().workers.rows.count == 1000)
        await scenario.stop()
    }

    @Test func a_paused_clock_holds_everything_until_stepped() async {
        // Given a paused scenario with one job started
        let log = LogRecorder()
        let scenario = makeScenario(log) { $0.speed = 1 }
        scenario.perform(.setPaused(true))
        scenario.start()
        scenario.perform(.spawnJob)
        await eventually("the job asleep before asking") {
            await scenario.board.snapshot().live.contains { $0.name == "job-1" && $0.state == .suspended(.sleep) }
        }
        let before = scenario.time.now()
        // Then simulated time does not move by itself: once everything has run, it is where it was...
        await scenario.executor.quiet()
        #expect(scenario.time.now() == before)
        // ...and each step moves it one tick; the job's 0.5-1.5 s sleep ends within 15 steps
        for _ in 0..<15 { scenario.perform(.step) }
        await scenario.executor.quiet()
        #expect(scenario.time.now() - before == DemoScenario.tick * 15)
        await eventually("the job competes for the permit") { log.contains("permit granted to job-1") }
        await scenario.stop()
    }

    @Test func the_sampler_records_depth_once_a_simulated_second() async {
        var settings = ScenarioSettings()
        (settings.workers, settings.consumers, settings.producers, settings.rate, settings.capacity) = (0, 0, 1, 20, 1000)
        // Stepped by hand, a tick at a time, so the samples fall at whole simulated seconds
        // whatever the machine is doing.
        let scenario = DemoScenario(settings: settings, log: LogRecorder().logger, startPaused: true)
        scenario.start()
        await HeadlessRun.advance(scenario, by: .milliseconds(3500), eachFrame: nil)
        let snapshot = await scenario.settledFrame().queue
        #expect(snapshot.depthHistory.count == 3, "samples at 1, 2 and 3 s")
        #expect(zip(snapshot.depthHistory, snapshot.depthHistory.dropFirst()).allSatisfy { $0 < $1 }, "no consumer: it grows")
        #expect((15...25).contains(snapshot.sendRate), "one producer at 20 items a simulated second")
        await scenario.stop()
    }
}
