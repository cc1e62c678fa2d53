#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// asyncdemo-bench WORKLOAD [--executor global|one-thread] [--timeline] [--json]: runs one workload
// in this process (so peak RSS is its own) and prints its result as text, or as one JSON object
// per line with --json. `render --timeline` times the Timeline pane beside the plain screens.

/// Every workload by name, and whether it runs on the `--executor` chosen (the task-based ones;
/// the others own their threads or the main actor). Adding one is one line here.
let workloads: KeyValuePairs<String, (run: @Sendable () async throws -> BenchResult, takesExecutor: Bool)> = [
    "semaphore": (SemaphoreWorkload.run, true),
    "semaphore-floor": (FloorWorkload.run, true),
    "queue": (QueueWorkload.run, true),
    "queue-asyncchannel": (QueueWorkload.runAsyncChannel, true),
    "taskboard": (TaskBoardWorkload.run, false),
    "follow": (FollowWorkload.run, false),
    "render": (RenderWorkload.run, false),
    "eventlog": (EventLogWorkload.run, false),
    "rewind": (RewindWorkload.run, false),
    "probe": (ProbeWorkload.run, false),
    "attach": (AttachWorkload.run, false),
    // The probed program `attach` runs as its child; by hand, `asyncdemo-tui attach` watches it.
    "attach-load": (AttachLoad.run, false),
    // The same requests written by hand onto a socket, no probe behind it: `attach`'s second child.
    "attach-lines": (AttachLines.run, false),
]

let executorChoices = BenchExecutor.allCases.map(\.rawValue)
let executorNames = executorChoices.joined(separator: ", ")

func printUsage() {
    print("usage: asyncdemo-bench WORKLOAD [--executor \(executorChoices.joined(separator: "|"))] [--timeline] [--json]")
    print("workloads: \(workloads.map(\.key).joined(separator: ", "))")
    print("--executor (default global): where the tasks of \(workloads.filter(\.value.takesExecutor).map(\.key).joined(separator: ", ")) run")
    print("--timeline: render only; a 200x60 screen with the Timeline pane too, beside the plain ones")
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

var json = false
var timeline = false
var executorName: String?
var names: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        printUsage()
        exit(0)
    case "--json":
        json = true
    case "--timeline":
        timeline = true
    case "--executor":
        guard let value = arguments.popFirst() else { fail("asyncdemo-bench: --executor needs a value (\(executorNames))\n") }
        executorName = value
    case _ where argument.hasPrefix("--executor="):
        executorName = String(argument.dropFirst("--executor=".count))
    case _ where argument.hasPrefix("-"):
        // debugDescription: a control byte in the argument is shown escaped, never sent raw.
        fail("asyncdemo-bench: unknown option \(argument.debugDescription) (try --help)\n")
    default:
        names.append(argument)
    }
}
guard names.count == 1, let name = names.first else {
    printUsage()
    exit(2)
}
guard let workload = workloads.first(where: { $0.key == name })?.value else {
    fail("asyncdemo-bench: unknown workload \(name.debugDescription) (known: \(workloads.map(\.key).joined(separator: ", ")))\n")
}
guard !timeline || name == "render" else { fail("asyncdemo-bench: --timeline is an option of render only\n") }
let run = timeline ? RenderWorkload.runWithTimeline : workload.run
let executor: BenchExecutor?
switch executorName {
case nil:
    executor = workload.takesExecutor ? .global : nil
case let value?:
    guard let chosen = BenchExecutor(rawValue: value) else {
        fail("asyncdemo-bench: unknown executor \(value.debugDescription) (known: \(executorNames))\n")
    }
    guard workload.takesExecutor else {
        fail("asyncdemo-bench: \(name) runs on its own threads and takes no --executor\n")
    }
    executor = chosen
}

do {
    let result = if let executor { try await executor.run(run) } else { try await run() }
    print(json ? result.json(peakRSS: peakRSSBytes()) : result.text(peakRSS: peakRSSBytes()))
} catch {
    fail("asyncdemo-bench: \(name) failed: \(error)\n")
}
