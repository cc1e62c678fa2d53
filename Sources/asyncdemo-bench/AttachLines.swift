#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import ProbeWire

/// The `attach` workload's second sender (`asyncdemo-bench attach-lines`, run by it as a child):
/// the same requests as `attach-load`, at the same rate, but written by a hand formatter onto a
/// socket that answers the hello as a probe does, with no probe behind it. What the dashboard
/// does with 100,000 events a second when the sender keeps up, whatever the probe's encoder costs.
/// Speaks as `attach-load` does on stdin and stdout.
enum AttachLines {
    static func run() async throws -> BenchResult {
        let folder = ProcessInfo.processInfo.environment[AttachLoad.socketFolderVariable] ?? "/tmp"
        let path = folder + "/attach-lines-\(getpid()).sock"
        let listening = try UnixSocket.listen(at: path)
        defer {
            close(listening)
            unlink(path)
        }
        say("probe socket \(path)\n")
        let sent = await onItsOwnThread { Self.serve(listening) }
        say("sent \(sent) dropped 0\n")
        _ = await StandardInput.line()
        return BenchResult(workload: "attach-lines", ops: sent, seconds: AttachLoad.duration.seconds)
    }

    /// Blocking, on a thread of its own: accept, hello, header, wait for the go, then the lines.
    private static func serve(_ listening: Int32) -> Int {
        let connection = accept(listening, nil, nil)
        guard connection >= 0 else { return 0 }
        defer { close(connection) }
        var byte: UInt8 = 0
        while recv(connection, &byte, 1, 0) == 1, byte != UInt8(ascii: "\n") {}
        let header = #"{"format":"asyncdemo-tui recording","formatVersion":1,"pid":\#(getpid()),"program":"attach-lines","programVersion":"0.1.0","start":{"permits":0,"queueCapacity":0}}"#
        var writer = LineWriter(connection: connection)
        writer.pending += Array(header.utf8) + [10]
        writer.line(at: 0, #"{"permitsResized":{"permits":\#(AttachLoad.liveRequests)}}"#, resource: "db")
        writer.line(at: 0, #"{"queueResized":{"capacity":64}}"#, resource: "jobs")
        guard writer.flush(), Swift.readLine() != nil else { return 0 }
        let started = ContinuousClock.now
        let perRequest = Duration.seconds(1) / (AttachLoad.rate / AttachLoad.eventsPerRequest)
        let requests = Int(AttachLoad.duration / perRequest)
        var request = 0
        while request < requests {
            let elapsed = ContinuousClock.now - started
            let due = min(Int(elapsed / perRequest) + 1, requests)
            let at = Int64(elapsed / .nanoseconds(1))
            while request < due {
                request += 1
                if request > AttachLoad.liveRequests {
                    let oldest = request - AttachLoad.liveRequests
                    writer.line(at: at, #"{"itemDequeued":{"consumer":\#(oldest),"depth":\#(AttachLoad.liveRequests - 1),"item":\#(oldest)}}"#, resource: "jobs")
                    writer.line(at: at, #"{"permitReleased":{"task":\#(oldest)}}"#, resource: "db")
                    writer.line(at: at, #"{"taskFinished":{"state":"completed","task":\#(oldest)}}"#)
                }
                writer.line(at: at, #"{"taskSpawned":{"kind":"span.server","name":"GET /orders","task":\#(request)}}"#)
                writer.line(at: at, #"{"taskStateChanged":{"state":"running","task":\#(request)}}"#)
                writer.line(at: at, #"{"permitRequested":{"task":\#(request)}}"#, resource: "db")
                writer.line(at: at, #"{"permitGranted":{"task":\#(request),"waitedNanoseconds":0}}"#, resource: "db")
                writer.line(at: at, #"{"logLine":{"level":"info","message":"query rows=\#(request % 50)"}}"#,
                            fields: #"{"logger":"attach-load","task":"\#(request)"}"#)
                writer.line(at: at, #"{"itemEnqueued":{"depth":\#(min(request, AttachLoad.liveRequests)),"item":\#(request),"producer":\#(request)}}"#, resource: "jobs")
            }
            guard writer.flush() else { break }
            // A real wait: paced by the monotonic clock, a millisecond at a time.
            usleep(1000)
        }
        return writer.sequence - AttachLoad.declaredEvents
    }

    private struct LineWriter {
        let connection: Int32
        var pending: [UInt8] = []
        var sequence = 0

        /// One event as the probe's encoder writes it: sorted keys, one line.
        mutating func line(at nanoseconds: Int64, _ kind: String, resource: String? = nil, fields: String? = nil) {
            sequence += 1
            var text = #"{"at":\#(nanoseconds),"#
            if let fields { text += #""fields":\#(fields),"# }
            text += #""kind":\#(kind),"#
            if let resource { text += #""resource":"\#(resource)","# }
            text += #""sequence":\#(sequence)}"#
            pending += text.utf8
            pending.append(10)
        }

        mutating func flush() -> Bool {
            defer { pending.removeAll(keepingCapacity: true) }
            return UnixSocket.sendAll(pending, to: connection)
        }
    }

    private static func say(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count - 1) }
    }

    private static func onItsOwnThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { (done: CheckedContinuation<Result, Never>) in
            Thread { done.resume(returning: body()) }.start()
        }
    }
}
