import ConcurrencyProbe
import Dispatch
import Foundation
import Logging
import Tracing

// A small program that links the probe, for `asyncdemo-tui attach` and its tests: a semaphore
// "db" of 2 permits that 4 workers take turns holding, a queue "jobs" a producer fills faster
// than a consumer drains it, a request span left open, a log line a second, and a tracked task
// "waiter" that waits until it is cancelled. For a dashboard that attaches late, what only the
// present can tell: a semaphore "lock" of 1 permit that "holder" keeps while "line-1" then
// "line-2" wait in line, a queue "mail" that "reader" waits on, empty, and a task group "crawl"
// whose children "fetch 1" and "fetch 2" run until cancelled. It prints `probe socket PATH`
// once those are in place and runs until SIGTERM or SIGINT, which remove the socket.
//
//     probe-sample [--socket-folder DIR]

let arguments = CommandLine.arguments.dropFirst()
var socketFolder: String?
if let flag = arguments.firstIndex(of: "--socket-folder"), arguments.index(after: flag) < arguments.endIndex {
    socketFolder = arguments[arguments.index(after: flag)]
}

let probe: Probe
do {
    probe = try Probe.start(program: "probe-sample", socketFolder: socketFolder)
} catch {
    FileHandle.standardError.write(Data("probe-sample: \(error.description)\n".utf8))
    exit(1)
}

let log = Logger(label: "probe-sample") { probe.logHandler(label: $0) }
let database = probe.semaphore("db", permits: 2)
let jobs = probe.queue("jobs", of: Int.self, capacity: 8)

for number in 1...4 {
    probe.task("worker-\(number)") {
        while true {
            try await database.withPermit { try await Task.sleep(for: .milliseconds(700)) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
probe.task("producer") {
    var item = 0
    while true {
        item += 1
        try await jobs.send(item)
        try await Task.sleep(for: .milliseconds(100))
    }
}
probe.task("consumer") {
    while true {
        _ = try await jobs.receive()
        try await Task.sleep(for: .milliseconds(500))
    }
}
probe.task("waiter") {
    do {
        try await Task.sleep(for: .seconds(86_400))
    } catch {
        log.info("waiter cancelled")
        throw error
    }
}
let request = probe.tracer.startSpan("GET /orders", ofKind: .server)
probe.task("ticker") {
    var tick = 0
    while true {
        tick += 1
        log.info("tick", metadata: ["n": "\(tick)"])
        request.addEvent("still serving")
        try await Task.sleep(for: .seconds(1))
    }
}

let lock = probe.semaphore("lock", permits: 1)
let mail = probe.queue("mail", of: String.self, capacity: 4)
probe.task("holder") { try await lock.withPermit { try await Task.sleep(for: .seconds(86_400)) } }
// In this order: each starts once the one before holds or waits (blocking main, not a task).
func waitUntil(_ isDone: () -> Bool) {
    while !isDone() { usleep(5_000) }
}
waitUntil { lock.semaphore.snapshot().held == 1 }
probe.task("line-1") { try await lock.withPermit {} }
waitUntil { lock.semaphore.snapshot().waiterCount == 1 }
probe.task("line-2") { try await lock.withPermit {} }
waitUntil { lock.semaphore.snapshot().waiterCount == 2 }
probe.task("reader") { _ = try await mail.receive() }
waitUntil { mail.snapshot().blockedReceivers == 1 }
probe.task("crawler") {
    try await probe.taskGroup("crawl", of: Void.self) { group in
        for page in 1...2 {
            group.addTask("fetch \(page)") { try await Task.sleep(for: .seconds(86_400)) }
        }
        try await group.waitForAll()
    }
}

// Unbuffered: a parent reading the pipe waits for this line.
FileHandle.standardOutput.write(Data("probe socket \(probe.socketPath ?? "")\n".utf8))

let stops = [SIGTERM, SIGINT].map { signalNumber in
    signal(signalNumber, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
    source.setEventHandler {
        probe.stop()
        exit(0)
    }
    source.resume()
    return source
}
withExtendedLifetime(stops) { dispatchMain() }
