#if canImport(Glibc)
    import Glibc
#endif
import ConcurrencyProbe
import Foundation
import Logging
import Tracing

/// The probed program the `attach` workload watches (`asyncdemo-bench attach-load`, run by it as
/// a child): a server-like mix through the probe's real API, paced by the monotonic clock at
/// `rate` events a second for `duration`. Each request is a `span.server` span that takes a
/// permit of the 8-permit `db` semaphore, logs a line and enqueues a job on the `jobs` queue;
/// the request eight before it is then ended: its job dequeued, its permit released, its span
/// finished. So 8 spans are live, all 8 permits held and the queue 8 deep at every instant, and
/// no call ever waits, which keeps the count of events exact: 9 a request.
///
/// It prints `probe socket PATH`, starts when a line comes on stdin (the dashboard has
/// attached), prints `sent N dropped M` when done, and exits when stdin closes.
enum AttachLoad {
    static let rate = 100_000
    static let duration: Duration = .seconds(10)
    static let eventsPerRequest = 9
    static let liveRequests = 8
    /// What the probe tells a dashboard at its attach before any request: `db`'s permits, and
    /// `jobs`' capacity and depth (the depth since the present tells it).
    static let declaredEvents = 3
    /// The probes' folder the parent chose (a private temporary one), else the user's own.
    static let socketFolderVariable = "ASYNCDEMO_BENCH_SOCKET_FOLDER"

    static func run() async throws -> BenchResult {
        let probe = try Probe.start(program: "attach-load", socketFolder: ProcessInfo.processInfo.environment[socketFolderVariable])
        defer { probe.stop() }
        let log = Logger(label: "attach-load") { probe.logHandler(label: $0) }
        let database = probe.semaphore("db", permits: liveRequests)
        let jobs = probe.queue("jobs", of: Int.self, capacity: 64)
        let tracer = probe.tracer
        say("probe socket \(probe.socketPath ?? "")\n")
        guard await StandardInput.line() != nil else { return BenchResult(workload: "attach-load", ops: 0, seconds: 0) }

        var open: [ProbeSpan] = []
        var requests = 0
        let started = ContinuousClock.now
        let perRequest = Duration.seconds(1) / (rate / eventsPerRequest)
        while true {
            let elapsed = ContinuousClock.now - started
            if elapsed >= duration { break }
            let due = min(Int(elapsed / perRequest) + 1, Int(duration / perRequest))
            while requests < due {
                requests += 1
                if open.count == liveRequests {
                    let oldest = open.removeFirst()
                    try await InstrumentationContext.$current.withValue(oldest.context) {
                        _ = try await jobs.receive()
                        database.release()
                    }
                    oldest.end()
                }
                let span = tracer.startSpan("GET /orders", context: .topLevel, ofKind: .server)
                try await InstrumentationContext.$current.withValue(span.context) {
                    try await database.acquire()
                    log.info("query", metadata: ["rows": "\(requests % 50)"])
                    try await jobs.send(requests)
                }
                open.append(span)
            }
            // A real wait: the load is paced by the monotonic clock, a millisecond at a time.
            try await Task.sleep(until: started + .milliseconds(Int((elapsed / .milliseconds(1)).rounded(.down)) + 1), clock: .continuous)
        }
        let seconds = ContinuousClock.now - started
        // The open ones are left open: a program's requests in flight when the dashboard looks.
        let sent = requests * eventsPerRequest - open.count * 3
        say("sent \(sent) dropped \(probe.droppedEvents)\n")
        _ = await StandardInput.line()
        return BenchResult(workload: "attach-load", ops: sent, seconds: Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18,
                           extra: ["dropped_in_ring": Double(probe.droppedEvents)])
    }

    private static func say(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count - 1) }
    }
}

/// A line of stdin, read on a thread of its own so no task blocks on it; nil at its end.
enum StandardInput {
    static func line() async -> String? {
        await withCheckedContinuation { (read: CheckedContinuation<String?, Never>) in
            Thread { read.resume(returning: Swift.readLine()) }.start()
        }
    }
}
