extension LessonCatalog {
    static let files = Lesson(
        id: "files", title: "Files without blocking",
        summary: "File calls block the thread that makes them, and Swift's pool has only a few threads. Every read and write here runs on a blocking-work thread and the task awaits it, so the pool stays free.",
        code: "let text = try await blocking.run { try String(contentsOfFile: path) }",
        examples: [
            LessonExample(
                id: "write-read", title: "Write, then read",
                summary: "A note is written to a file and read back. Each call runs on a blocking-work thread through a continuation; the task suspends meanwhile instead of holding a pool thread.",
                code: """
                    try await blocking.run { try note.write(toFile: path, atomically: true, encoding: .utf8) }
                    let text = try await blocking.run { try String(contentsOfFile: path, encoding: .utf8) }
                    """,
                running: WriteReadAndLog.runWriteRead),
            LessonExample(
                id: "log-monitor", title: "A log monitor",
                summary: "A writer task appends to server.log while LogTail's follower reads it as tail -F does, on a thread of its own. The monitor counts warnings and errors as lines arrive.",
                code: """
                    for await event in LogFollower(path: path, options: FollowOptions(startPosition: .beginning)) {
                        guard case .lines(let batch) = event else { continue }
                        for line in batch { count(line.lossyText) }
                    }
                    """,
                running: WriteReadAndLog.runLogMonitor),
            LessonExample(
                id: "batch", title: "Many files, a few at a time",
                summary: "Forty files are processed by a task group, but an AsyncSemaphore lets only four run at once. A progress bar moves as results come back in whatever order they finish.",
                code: """
                    let semaphore = AsyncSemaphore(permits: 4)
                    for file in files { group.addTask { try await semaphore.withPermit { try await process(file) } } }
                    for try await _ in group { done += 1; show(progressBar(done: done, total: files.count)) }
                    """,
                running: { try await BatchFiles.run($0) }),
            LessonExample(
                id: "large-file", title: "Streaming a large file",
                summary: "A generated file (200 MB in the plain command unless --file-mb says otherwise, 20 MB in a dashboard scene) is read one 1 MiB chunk at a time. Throughput and the process's resident memory are reported as it goes: memory stays flat.",
                code: """
                    let reader = try await ChunkReader.open(path: path, blocking: blocking)
                    while case let chunk = try await reader.read(upTo: 1 << 20), !chunk.isEmpty {
                        checksum &+= byteSum(chunk)
                    }
                    """,
                running: LargeFileStream.run),
            LessonExample(
                id: "search", title: "Searching a directory tree",
                summary: "Each directory is listed by its own child task and each file searched behind a semaphore of eight. Matches are yielded into an AsyncStream and printed the moment they are found.",
                code: """
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for entry in entries { group.addTask {
                            entry.isDirectory ? try await directory(entry) : try await file(entry) } }
                    }
                    if line.contains(needle) { matches.yield(Match(path: path, lineNumber: n)) }
                    """,
                running: { try await TreeSearch.run($0) }),
        ])
}
