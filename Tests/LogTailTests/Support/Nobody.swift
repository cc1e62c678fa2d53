import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Real EACCES although the tests run as root: a hook that drops the reader thread's file-system
/// uid to `nobody` with setfsuid(2), which on Linux affects that one thread only (and clears its
/// CAP_DAC_OVERRIDE). Glibc's Swift module does not export setfsuid, so it is looked up.
func dropReaderThreadToNobody() throws -> @Sendable () -> Void {
    typealias SetFileSystemUID = @convention(c) (UInt32) -> Int32
    let symbol = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setfsuid"))  // RTLD_DEFAULT
    let setFileSystemUID = unsafeBitCast(symbol, to: SetFileSystemUID.self)
    return { _ = setFileSystemUID(nobodyID) }
}

let nobodyID: UInt32 = 65534

/// GNU tail's arguments to run it as `nobody`, so it meets the same EACCES as our reader thread.
let asNobody = ["/usr/bin/setpriv", "--reuid=\(nobodyID)", "--regid=\(nobodyID)", "--clear-groups"]
