import Glibc
import ProbeWire

/// A program with a probe that a dashboard can attach to: one socket in the probes' folder.
public struct AttachableProgram: Sendable, Equatable {
    public let pid: Int32
    /// Its name as the probe gave it (in the socket's file name: letters, digits, `-_.`).
    public let program: String
    /// When its probe started, in seconds since 1970.
    public let since: Int
    public let socketPath: String
}

extension ProbeConnection {
    /// The programs whose probes listen in `folder` (by default the user's probe folder), the
    /// longest running first; sockets whose process is gone are left out.
    public static func attachablePrograms(in folder: String? = nil) -> [AttachableProgram] {
        let folder = folder.map(ProbeSocketFolder.init(path:)) ?? .standard()
        return folder.entries().filter { !$0.processIsGone }.map {
            AttachableProgram(pid: $0.pid, program: $0.program, since: $0.since, socketPath: $0.path)
        }
    }
}
