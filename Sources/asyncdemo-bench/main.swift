// THROWAWAY (logtail branch only): just enough to run `asyncdemo-bench follow [--json]`.
// The real dispatcher lives on another branch and replaces this file at merge.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard arguments.first == "follow" else {
    print("usage: asyncdemo-bench follow [--json]")
    exit(2)
}
let result = try await FollowWorkload.run()
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
var figures = result.extra
figures["peak_rss_mib"] = Double(usage.ru_maxrss) / 1024
figures["ops_per_s"] = result.opsPerSecond
if arguments.contains("--json") {
    var object: [String: Any] = ["workload": result.workload, "ops": result.ops, "seconds": result.seconds]
    for (key, value) in figures { object[key] = value }
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} else {
    print("\(result.workload): \(result.ops) lines in \(String(format: "%.3f", result.seconds)) s")
    for (key, value) in figures.sorted(by: { $0.key < $1.key }) { print("  \(key): \(String(format: "%.2f", value))") }
}
