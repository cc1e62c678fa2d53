#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// asyncdemo-bench WORKLOAD [--json]: runs one workload in this process (so peak RSS is its own)
// and prints its result as text, or as one JSON object per line with --json.

/// Every workload by name. Adding one is one line here.
let workloads: KeyValuePairs<String, @Sendable () async throws -> BenchResult> = [
    "semaphore": SemaphoreWorkload.run,
    "semaphore-floor": FloorWorkload.run,
    "queue": QueueWorkload.run,
    "queue-asyncchannel": QueueWorkload.runAsyncChannel,
    "taskboard": TaskBoardWorkload.run,
    "follow": FollowWorkload.run,
    "render": RenderWorkload.run,
    "eventlog": EventLogWorkload.run,
]

func printUsage() {
    print("usage: asyncdemo-bench WORKLOAD [--json]")
    print("workloads: \(workloads.map(\.key).joined(separator: ", "))")
}

func fail(_ message: String) -> Never {
    _ = message.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
    exit(2)
}

/// Peak resident set size of this process; Linux reports ru_maxrss in KiB.
func peakRSSBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    printUsage()
    exit(0)
}
let json = arguments.contains("--json")
let names = arguments.filter { !$0.hasPrefix("-") }
guard names.count == 1, let name = names.first else {
    printUsage()
    exit(2)
}
guard let workload = workloads.first(where: { $0.key == name })?.value else {
    fail("asyncdemo-bench: unknown workload '\(name)' (known: \(workloads.map(\.key).joined(separator: ", ")))\n")
}

do {
    let result = try await workload()
    print(json ? result.json(peakRSS: peakRSSBytes()) : result.text(peakRSS: peakRSSBytes()))
} catch {
    fail("asyncdemo-bench: \(name) failed: \(error)\n")
}
