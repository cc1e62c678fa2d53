import CursesBackend
import Glibc

/// What the crash handler needs, prepared before it can run, in memory never freed or changed
/// afterwards: the handler only reads it and makes async-signal-safe calls (fork, execve, waitpid,
/// sigaction, _exit).
private struct ScratchRemoval {
    var program: UnsafeMutablePointer<CChar>
    /// `/bin/rm -rf -- FOLDER`, NULL-terminated, for execve.
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    var emptyEnvironment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    var previousActions: UnsafeMutablePointer<sigaction>
}

// Safe: written once by `ScratchFolderGuard.arm`, before the `sigaction` calls that let the
// handler run, and never written again; the handler below only reads it.
nonisolated(unsafe) private var scratchRemoval: ScratchRemoval?

/// A crash of `demo` (a Swift runtime trap, SIGSEGV, abort) would leave the lessons' scratch
/// folder, up to `--file-mb` of it, in the temporary directory. The handler removes the folder
/// by running `rm -rf` in a child (no directory walk in a signal handler), then gives the signal
/// to the handler that was there before, Swift's crash report, as `CrashGuard` does for the
/// terminal.
enum ScratchFolderGuard {

    /// Arms the guard for `folder`; later calls do nothing (a process has one scratch folder).
    static func arm(removing folder: String) {
        guard scratchRemoval == nil else { return }
        let program = strdup("/bin/rm")!
        let words = ["-rf", "--", folder]
        let arguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: words.count + 2)
        arguments[0] = program
        for (index, word) in words.enumerated() { arguments[index + 1] = strdup(word) }
        arguments[words.count + 1] = nil
        let emptyEnvironment = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
        emptyEnvironment.initialize(to: nil)
        scratchRemoval = ScratchRemoval(
            program: program, arguments: arguments, emptyEnvironment: emptyEnvironment,
            previousActions: FatalSignalHandover.currentActions())
        FatalSignalHandover.install { signal, info, context in
            guard let removal = scratchRemoval else { return }
            let child = fork()
            if child == 0 {
                execve(removal.program, removal.arguments, removal.emptyEnvironment)
                _exit(127)
            }
            if child > 0 {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0, errno == EINTR {}
            }
            FatalSignalHandover.handOver(signal, info: info, context: context, to: removal.previousActions)
        }
    }
}
