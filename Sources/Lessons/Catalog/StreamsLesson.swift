extension LessonCatalog {
    static let streams = Lesson(
        id: "streams", title: "Async generators and streams",
        summary: "An AsyncSequence hands out values as they become ready, and `for await` suspends between them. AsyncStream turns any producer (a task, a callback, a sensor) into one.",
        code: "for await value in stream { handle(value) }",
        examples: [
            LessonExample(
                id: "generator", title: "An AsyncStream generator",
                summary: "A task yields a countdown into an AsyncStream, one value every half second, and finishes it. The consumer's for await loop suspends between values and ends when the stream does.",
                code: """
                    let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
                    Task { for n in stride(from: 5, to: 0, by: -1) {
                        try await clock.sleep(for: .milliseconds(500)); continuation.yield(n) }
                        continuation.finish() }
                    for await n in stream { print(n) }
                    """,
                running: SimpleGenerators.runCountdown),
            LessonExample(
                id: "monitor", title: "A data-stream monitor",
                summary: "A sensor task pushes a reading into a stream every quarter second. The monitor keeps a running average and raises an alert for each reading out of range, the moment it arrives.",
                code: """
                    for await value in readings {
                        seen.append(value)
                        if value > alertAbove { alert(value) }
                    }
                    """,
                running: SimpleGenerators.runMonitor),
            LessonExample(
                id: "lines", title: "A file, line by line",
                summary: "FileLines is an AsyncSequence of a file's lines. It reads one chunk at a time on a blocking-work thread, so a file of any size takes constant memory and no pool thread ever blocks.",
                code: """
                    for try await line in FileLines(path: path, blocking: blocking) {
                        if line.contains("ERROR") { report(line) }
                    }
                    """,
                running: LinesAndBatches.runLines),
            LessonExample(
                id: "batches", title: "Requests in batches of N",
                summary: "Ten requests go out three at a time, each batch concurrently in a task group. The next batch starts only when the whole previous one has answered, so a batch lasts as long as its slowest request.",
                code: """
                    for start in stride(from: 0, to: requests.count, by: 3) {
                        let batch = requests[start..<min(start + 3, requests.count)]
                        try await withThrowingTaskGroup(of: Int.self) { group in
                            for id in batch { group.addTask { try await fetch(id) } }
                            try await group.waitForAll()
                        }
                    }
                    """,
                running: { try await LinesAndBatches.runBatches($0) }),
            LessonExample(
                id: "system", title: "A system monitor",
                summary: "Once a second the monitor reads /proc/stat and /proc/meminfo on a blocking-work thread. It reports the CPU share used since the previous sample and the memory in use.",
                code: """
                    while true {
                        try await clock.sleep(for: .seconds(1))
                        let stat = try await blocking.run { try String(contentsOfFile: "/proc/stat") }
                        report(cpuPercent(from: previous, to: parseCPU(stat)))
                    }
                    """,
                running: { try await SystemMonitor.run($0) }),
            LessonExample(
                id: "control", title: "A controllable generator",
                summary: "A generator that is paused, resumed and stopped from outside while it runs. Pausing parks the producer on an event instead of polling; stopping cancels it and finishes the stream.",
                code: """
                    let generator = ControllableGenerator(interval: .milliseconds(500), in: context)
                    generator.pause(); generator.resume(); generator.stop()
                    for await value in generator.values { show(value) }
                    """,
                running: ControllableGeneratorDemo.run),
        ])
}
