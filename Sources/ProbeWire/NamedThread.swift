import Foundation
import Glibc

/// A thread of the probe's or the dashboard's own, named so `top -H`, htop and gdb tell it
/// apart from the program's: Foundation keeps a name set before `start()` but on Linux never
/// gives it to the system's thread, so the thread names itself first, through
/// `/proc/thread-self/comm` (`pthread_setname_np` and `prctl` are not visible to Swift here).
/// The kernel keeps 15 bytes.
public enum NamedThread {
    public static let longestName = 15

    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        precondition(name.utf8.count <= longestName, "a thread name the kernel would refuse: \(name)")
        let thread = Thread {
            nameThisThread(name)
            body()
        }
        thread.name = name
        thread.start()
    }

    private static func nameThisThread(_ name: String) {
        let comm = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard comm >= 0 else { return }
        defer { close(comm) }
        _ = name.withCString { write(comm, $0, strlen($0)) }
    }
}
