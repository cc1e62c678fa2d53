import AsyncDemoCore
@testable import ConcurrencyProbe
import Foundation
import Glibc

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
