import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory per test, removed at the end; helpers that write the way real writers do.
final class TemporaryDirectory: Sendable {
    let path: String

    init() {
        var template = Array("/tmp/logtail-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        chmod(path, 0o755)  // the permission test reads it as `nobody`
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Appends with O_APPEND, as a logger does.
func append(_ text: String, to path: String) {
    append(Array(text.utf8), to: path)
}

func append(_ bytes: [UInt8], to path: String) {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    precondition(descriptor >= 0, "open \(path): \(errno)")
    var written = 0
    while written < bytes.count {
        let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        precondition(count > 0)
        written += count
    }
    close(descriptor)
}

func rename(_ from: String, _ to: String) {
    precondition(Glibc.rename(from, to) == 0, "rename: \(errno)")
}

/// Polls `condition` until it holds or `timeout` passes: waiting never decides an outcome. As
/// long as TestSupport's, for the same reason: a loaded machine's busy test threads.
func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
