@testable import Lessons
import Testing

@Suite(.timeLimit(.minutes(1))) struct StreamsTests {
    @Test func countdown_generator_yields_every_value_then_finishes() async throws {
        let (values, transcript) = try await inVirtualTime(SimpleGenerators.runCountdown)
        #expect(values == [5, 4, 3, 2, 1])
        #expect(transcript.contains("[  2.50s] got 1"))
    }

    @Test func monitor_alerts_exactly_on_readings_out_of_range() async throws {
        let (outcome, _) = try await inVirtualTime(SimpleGenerators.runMonitor)
        #expect(outcome.readings == SimpleGenerators.sensorReadings)
        #expect(outcome.alerts == [29.8, 30.5])
    }

    @Test func file_lines_reads_every_line_in_order() async throws {
        let (outcome, _) = try await inVirtualTime(LinesAndBatches.runLines)
        #expect(outcome.lineCount == LinesAndBatches.generatedLineCount)
        #expect(outcome.first == "line 1: INFO request served")
        #expect(outcome.last == "line 1000: ERROR request served")
        #expect(outcome.errorLines == 20)
    }

    @Test(arguments: [(10, 3, [3, 3, 3, 1]), (7, 7, [7]), (5, 1, [1, 1, 1, 1, 1])])
    func requests_run_in_batches_of_n(count: Int, size: Int, expected: [Int]) async throws {
        let (outcome, _) = try await inVirtualTime { try await LinesAndBatches.runBatches($0, requestCount: count, batchSize: size) }
        #expect(outcome.batchSizes == expected)
        #expect(outcome.peakInFlight == min(size, count))
        #expect(outcome.handled == Array(1...count))
        // Each batch lasts as long as its slowest request: batches do not overlap.
        let expectedTime = stride(from: 1, through: count, by: size)
            .map { start in (start..<min(start + size, count + 1)).map(LinesAndBatches.latency(of:)).max()! }
            .reduce(Duration.zero, +)
        #expect(outcome.elapsed == expectedTime)
    }

    @Test func system_monitor_samples_real_proc_values() async throws {
        let (samples, transcript) = try await inVirtualTime { try await SystemMonitor.run($0, sampleCount: 3) }
        #expect(samples.count == 3)
        for sample in samples {
            #expect((0...100).contains(sample.cpuPercent))
            #expect(sample.memoryTotalMB > 0)
            #expect(sample.memoryUsedMB > 0 && sample.memoryUsedMB < sample.memoryTotalMB)
        }
        #expect(transcript.contains("[  3.00s] cpu"))
    }

    @Test func proc_fields_parse_with_tabs_or_spaces() {
        #expect(SystemMonitor.kilobytesField("VmRSS", in: "Name:\tx\nVmRSS:\t    2048 kB\n") == 2048)
        #expect(SystemMonitor.kilobytesField("MemTotal", in: "MemTotal:       24684876 kB\n") == 24684876)
        #expect(SystemMonitor.cpuTimes(in: "cpu  10 0 10 70 10 0 0 0 0 0\ncpu0 1 2 3 4") == .init(busy: 20, total: 100))
    }

    @Test func controllable_generator_produces_nothing_while_paused_and_ends_on_stop() async throws {
        let (outcome, transcript) = try await inVirtualTime(ControllableGeneratorDemo.run)
        #expect(outcome.emissions.map(\.value) == Array(1...outcome.emissions.count))
        #expect(outcome.pauses == [.init(from: .milliseconds(1600), until: .milliseconds(3100))])
        let pause = try #require(outcome.pauses.first)
        #expect(!outcome.emissions.contains { $0.at > pause.from && $0.at < pause.until })
        #expect(outcome.emissions.contains { $0.at > pause.until })
        #expect(outcome.emissions.allSatisfy { $0.at <= outcome.stoppedAt })
        #expect(outcome.emissions.map(\.at) == [500, 1000, 1500, 3600, 4100].map { Duration.milliseconds($0) })
        #expect(transcript.contains("stream finished"))
    }

    @Test func in_a_scene_the_keys_pause_resume_and_stop_the_generator() async throws {
        let scene = RecordingScene()
        let (outcome, transcript) = try await inVirtualTime(scene: scene.link) { context in
            // The keyboard, pressing keys at set lesson times.
            _ = context.spawn {
                for (at, key) in [(900, LessonControl.togglePause), (2000, .togglePause), (2300, .stop)] {
                    try await context.clock.sleep(until: .init(sinceStart: .milliseconds(at)))
                    scene.press(key)
                }
            }
            return try await ControllableGeneratorDemo.run(context)
        }
        #expect(outcome.pauses == [.init(from: .milliseconds(900), until: .milliseconds(2000))])
        #expect(outcome.stoppedAt == .milliseconds(2300))
        #expect(outcome.emissions.map(\.at) == [.milliseconds(500)])
        #expect(transcript.contains("g pauses and resumes the generator, G stops it"))
        #expect(!transcript.contains("a key press in the scene"))
        #expect(scene.marks.map(\.kind) == [
            .generator(.running), .generated(1), .generator(.paused), .generator(.running), .generator(.stopped),
        ])
        #expect(scene.marks.map(\.at) == [0, 500, 900, 2000, 2300].map { Duration.milliseconds($0) })
    }

    @Test func a_scene_ending_while_the_example_waits_for_keys_ends_its_generator_too() async throws {
        struct SceneEnded: Error {}
        let scene = RecordingScene()
        let transcript = Transcript()
        await #expect(throws: SceneEnded.self) {
            try await LessonRunner.runInVirtualTime(scene: scene.link, sink: transcript.sink) { context in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { _ = try await ControllableGeneratorDemo.run(context) }
                    group.addTask {
                        try await context.sleep(.milliseconds(1200))
                        throw SceneEnded()
                    }
                    // The first to end is the scene; leaving the group with its error cancels the example.
                    _ = try await group.next()
                }
            }
        }
        // The run cancelled and awaited the tasks the example spawned: the producer ended, so the
        // stream finished and its consumer said so, and nothing was generated after 1.2 s.
        #expect(transcript.contains("stream finished"))
        #expect(scene.marks.map(\.kind) == [.generator(.running), .generated(1), .generated(2)])
    }
}
