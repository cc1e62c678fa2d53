import Foundation
import LogTail

/// Follows an empty file while a writer thread appends 2,000,000 lines of 100 bytes in 64 KiB
/// writes; measures the time until every line is delivered. Then GNU `tail -F` the same way (its
/// stdout counted through a pipe, as `tail -F | wc -l` would), and our CPU use while idle.
enum FollowWorkload {
    static let lineCount = 2_000_000
    static let lineLength = 100
    static let writeSize = 64 * 1024

    static func run() async throws -> BenchResult {
        let directory = NSTemporaryDirectory() + "asyncdemo-follow-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let ours = try await measureFollower(path: directory + "/ours.log")
        let idleCPUPercent = try await measureIdleCPU(path: directory + "/idle.log")
        var extra: [String: Double] = ["idle_cpu_percent": idleCPUPercent]
        if let gnu = await measureGnuTail(path: directory + "/gnu.log") {
            extra["gnu_lines_per_s"] = Double(lineCount) / gnu.seconds
            extra["gnu_peak_rss_mib"] = gnu.peakRSSMiB
            extra["ratio_vs_gnu"] = gnu.seconds / ours
        }
        return BenchResult(workload: "follow", ops: lineCount, seconds: ours, extra: extra)
    }

    /// Seconds from the writer's start until the follower has delivered every line.
    private static func measureFollower(path: String) async throws -> Double {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        var events = LogFollower(path: path, options: FollowOptions(startPosition: .beginning)).makeAsyncIterator()
        let start = ContinuousClock.now
        let writer = startWriter(path: path)
        var delivered = 0
        while delivered < lineCount, let event = await events.next() {
            if case .lines(let batch) = event { delivered += batch.count }
        }
        let elapsed = ContinuousClock.now - start
        await writer.value
        guard delivered == lineCount else { throw BenchFailure.lostLines(delivered) }
        return elapsed.seconds
    }

    /// Percent of one core the process uses while a follower waits on a quiet file for 2 s.
    private static func measureIdleCPU(path: String) async throws -> Double {
        _ = FileManager.default.createFile(atPath: path, contents: Data("x\n".utf8))
        var events = LogFollower(path: path, options: FollowOptions(startPosition: .beginning)).makeAsyncIterator()
        _ = await events.next()  // following now
        let before = processCPUSeconds()
        let window = Duration.seconds(2)
        try await Task.sleep(for: window)
        return (processCPUSeconds() - before) / window.seconds * 100
    }

    /// GNU tail -F on its own file with the same writer; nil when tail is not installed.
    private static func measureGnuTail(path: String) async -> (seconds: Double, peakRSSMiB: Double)? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tail") else { return nil }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let output = Pipe()
        let tail = Process()
        tail.executableURL = URL(fileURLWithPath: "/usr/bin/tail")
        tail.arguments = ["-F", "-n", "+1", path]
        tail.standardOutput = output
        guard (try? tail.run()) != nil else { return nil }
        let start = ContinuousClock.now
        let writer = startWriter(path: path)
        // Counting newlines blocks in read(2): a thread of its own, not a task.
        let seconds = await onDedicatedThread {
            countNewlines(from: output.fileHandleForReading.fileDescriptor, until: lineCount)
            return (ContinuousClock.now - start).seconds
        }
        await writer.value
        // From /proc while it lives: RUSAGE_CHILDREN would count the pages it shared with us at spawn.
        let peakRSSMiB = peakRSSMiB(ofProcess: tail.processIdentifier)
        // SIGKILL: a child spawned from a dispatch thread inherits its blocked SIGTERM.
        kill(tail.processIdentifier, SIGKILL)
        await onDedicatedThread { tail.waitUntilExit() }
        return (seconds, peakRSSMiB)
    }

    /// VmHWM (peak resident set) of a live process, in MiB.
    private static func peakRSSMiB(ofProcess pid: Int32) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        let kibibytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return kibibytes / 1024
    }

    /// Appends `lineCount` lines of `lineLength` bytes in `writeSize` writes, on its own thread.
    private static func startWriter(path: String) -> Task<Void, Never> {
        Task { await onDedicatedThread { writeLines(to: path) } }
    }

    private static func writeLines(to path: String) {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: lineLength - 1) + [0x0A]
        // One write's worth plus one line, so any write can start at any offset within a line.
        let pattern = (0..<(writeSize / lineLength + 2)).flatMap { _ in line }
        let descriptor = open(path, O_WRONLY | O_APPEND)
        defer { close(descriptor) }
        var remaining = lineCount * lineLength
        var phase = 0
        pattern.withUnsafeBytes { bytes in
            while remaining > 0 {
                let size = min(writeSize, remaining)
                let written = write(descriptor, bytes.baseAddress! + phase, size)
                guard written > 0 else { return }
                remaining -= written
                phase = (phase + written) % lineLength
            }
        }
    }

    private static func countNewlines(from descriptor: Int32, until target: Int) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var count = 0
        while count < target {
            let got = read(descriptor, buffer.baseAddress, buffer.count)
            guard got > 0 else { return }
            var position = buffer.baseAddress!
            let end = position + got
            while let found = memchr(position, 0x0A, end - position) {
                count += 1
                position = UnsafeMutableRawPointer(found) + 1
            }
        }
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    enum BenchFailure: Error { case lostLines(Int) }
}

/// Runs blocking work on a new thread and resumes the caller when it is done.
func onDedicatedThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
