import AsyncDemoCore
@testable import ConcurrencyProbe
import Foundation
import Glibc
import Synchronization

/// A yes/no that one task sets and another polls.
final class Flag: Sendable {
    let value = Atomic<Bool>(false)
}

/// A private folder under /tmp for one test's sockets (short: a socket path holds 107 bytes,
/// and must not depend on where the checkout is), removed with everything in it.
final class TemporaryFolder {
    let path: String

    init() {
        var template = Array("/tmp/probe-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension Probe {
    /// The events recorded so far (the test's transport: the ring read in-process), kinds only.
    func drainedEvents() -> [EventRing.Entry] {
        var batch: [EventRing.Entry] = []
        ring.drain(into: &batch, limit: ring.capacity)
        return batch
    }
}

/// The sockets of the whole machine bound to `path`: the listening one and every connection
/// it accepted (the kernel lists an accepted socket under its listener's path).
func socketsBound(to path: String) -> Int {
    let table = (try? String(contentsOfFile: "/proc/net/unix", encoding: .utf8)) ?? ""
    return table.split(separator: "\n").filter { $0.hasSuffix(" " + path) }.count
}

/// Runs `body` on a thread of its own and returns its result: the blocking reads of a raw
/// socket, and the fuzz test's seconds of parsing, must not hold one of the two threads of
/// Swift's pool, which every other test running beside needs.
/// `yielding`: at the lowest priority (nice 19), for seconds of CPU that must not slow the tests
/// beside it on a 2-core machine.
func offThePool<Result: Sendable>(yielding: Bool = false, _ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { (done: CheckedContinuation<Result, Never>) in
        Thread {
            // On Linux a nice value is a thread's: `who` 0 is this thread alone, not the process.
            if yielding { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19) }
            done.resume(returning: body())
        }.start()
    }
}

/// What `descriptor` receives until `isEnough` says so, the stream ends, or 10 s pass without
/// a byte (a broken build; then the test's own checks fail on what came).
func receive(from descriptor: Int32, until isEnough: @escaping @Sendable ([UInt8]) -> Bool) async -> [UInt8] {
    await offThePool {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !isEnough(bytes) {
            let received = recv(descriptor, &buffer, buffer.count, 0)
            if received < 0, errno == EINTR { continue }
            if received <= 0 { break }
            bytes += buffer[..<received]
        }
        return bytes
    }
}
