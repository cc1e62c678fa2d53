import Foundation
import Locking
#if canImport(Glibc)
import Glibc
#endif

/// A child process (GNU tail beside ours, a probed program) that a test can end for certain.
///
/// Not Foundation's `Process`: the test runs on a thread that blocks most signals, a child
/// inherits that mask, and `Process.terminate()`'s SIGTERM then stays pending forever, leaving
/// the child running after the test (reparented to init). This starts the child with no signal
/// blocked and default dispositions, and `stop()` waits until it is reaped.
public final class SpawnedProcess: Sendable {
    public let pid: pid_t
    /// The raw wait status once reaped.
    private let exitStatus = LockedState<Int32?>(nil)

    /// The exit code, once it has exited normally and was reaped.
    public var exitCode: Int32? {
        exitStatus.withLock { $0 }.flatMap { $0 & 0x7f == 0 ? ($0 >> 8) & 0xff : nil }
    }

    /// Starts `arguments` with stdin from `standardInput` (else /dev/null), stdout into
    /// `standardOutput` and stderr into `standardError` (else /dev/null).
    public init(_ arguments: [String], standardInput: Int32? = nil, standardOutput: Int32, standardError: Int32? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput {
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        if let standardError {
            posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Nothing else this process has open (another test's pipe) goes with the child.
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = withCleanSignalSpawnAttributes { posix_spawn(&pid, arguments[0], &actions, &$0, argv, environ) }
        guard result == 0 else { throw SpawnError(arguments: arguments, errno: result) }
        self.pid = pid
    }

    /// SIGTERM, then SIGKILL if it has not ended within `timeout`; returns once it is reaped.
    public func stop(timeout: Duration = .seconds(5)) async {
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while !reap(), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
        killAndReap()
    }

    /// Waits for the child to end by itself; false if it is still running after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !reap() {
            if ContinuousClock.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }

    /// A test that ends early (a thrown `#require`) still leaves nothing behind. SIGKILL cannot
    /// be blocked, and reaping a killed child takes microseconds.
    deinit { killAndReap() }

    /// True once the child has ended and been reaped (or was reaped before).
    private func reap() -> Bool {
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { exitStatus.withLock { $0 = status } }
        return reaped == pid || (reaped < 0 && errno == ECHILD)
    }

    private func killAndReap() {
        guard !reap() else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    /// Whether the process still exists (a zombie not yet reaped counts).
    public var exists: Bool { kill(pid, 0) == 0 }
}

public struct SpawnError: Error, CustomStringConvertible {
    public let arguments: [String]
    public let errno: Int32
    public var description: String { "cannot start \(arguments[0]): \(String(cString: strerror(errno)))" }
}
