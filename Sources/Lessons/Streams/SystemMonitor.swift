import Foundation

/// Samples real CPU and memory use from /proc once a (lesson) second.
public enum SystemMonitor {
    public struct Sample: Sendable {
        /// Busy share of all CPUs since the previous sample, 0...100.
        public let cpuPercent: Double
        public let memoryUsedMB: Double
        public let memoryTotalMB: Double
    }

    /// Cumulative CPU time from the first line of /proc/stat, in clock ticks.
    struct CPUTimes: Equatable {
        let busy: UInt64
        let total: UInt64
    }

    /// Parses `cpu  user nice system idle iowait irq softirq steal ...`; idle and iowait count as idle.
    static func cpuTimes(in stat: String) -> CPUTimes? {
        guard let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 4 else { return nil }
        let total = values.prefix(8).reduce(0, +)
        let idle = values[3] + (values.count > 4 ? values[4] : 0)
        return CPUTimes(busy: total - idle, total: total)
    }

    /// A `Key:   123 kB` field of /proc/meminfo or /proc/self/status, in kB.
    static func kilobytesField(_ key: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            // /proc/self/status separates with a tab, /proc/meminfo with spaces.
            let number = line.dropFirst(key.count + 1).split(whereSeparator: \.isWhitespace).first
            return number.flatMap { Double($0) }
        }
        return nil
    }

    static func cpuPercent(from old: CPUTimes, to new: CPUTimes) -> Double {
        let total = new.total &- old.total
        guard total > 0, new.total > old.total else { return 0 }
        return Double(new.busy &- old.busy) / Double(total) * 100
    }

    /// This process's resident set size in bytes, from /proc/self/status (read off the pool).
    public static func residentBytes(_ blocking: BlockingWork) async throws -> Int {
        let status = try await blocking.run { try String(contentsOfFile: "/proc/self/status", encoding: .utf8) }
        return Int((kilobytesField("VmRSS", in: status) ?? 0) * 1024)
    }

    public static func run(_ context: LessonContext, sampleCount: Int = 5) async throws -> [Sample] {
        let readProc = { @Sendable in
            (try String(contentsOfFile: "/proc/stat", encoding: .utf8),
             try String(contentsOfFile: "/proc/meminfo", encoding: .utf8))
        }
        var previous = cpuTimes(in: try await context.blocking.run(readProc).0)
        var samples: [Sample] = []
        context.say("sampling /proc/stat and /proc/meminfo once a second, \(sampleCount) times")
        for _ in 0..<sampleCount {
            try await context.sleep(.seconds(1))
            let (stat, meminfo) = try await context.blocking.run(readProc)
            let cpu = cpuTimes(in: stat)
            let total = (kilobytesField("MemTotal", in: meminfo) ?? 0) / 1024
            let available = (kilobytesField("MemAvailable", in: meminfo) ?? 0) / 1024
            let sample = Sample(
                cpuPercent: previous.flatMap { old in cpu.map { cpuPercent(from: old, to: $0) } } ?? 0,
                memoryUsedMB: total - available, memoryTotalMB: total)
            previous = cpu
            samples.append(sample)
            context.say(String(format: "cpu %5.1f%%  memory %.0f / %.0f MB", sample.cpuPercent, sample.memoryUsedMB, sample.memoryTotalMB))
        }
        return samples
    }
}
