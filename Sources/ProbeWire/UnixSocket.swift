import Glibc

/// Why a socket call failed, in one line naming the path and the system's reason.
package struct SocketFailure: Error, Equatable, CustomStringConvertible {
    package let description: String
    /// The system's error number, when a system call failed.
    package let code: Int32?

    package init(_ description: String, code: Int32? = nil) {
        self.description = description
        self.code = code
    }

    static func system(_ what: String, _ code: Int32 = errno) -> SocketFailure {
        SocketFailure("\(what): \(String(cString: strerror(code)))", code: code)
    }
}

/// The few Unix-domain stream socket calls the probe and the client make, each returning a
/// descriptor the caller owns (close-on-exec, so a program's children never inherit one).
package enum UnixSocket {
    /// `sun_path` holds 108 bytes with its terminating zero.
    package static let longestPath = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// A socket listening at `path`, which must not exist.
    package static func listen(at path: String) throws(SocketFailure) -> Int32 {
        var address = try self.address(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system("cannot make a socket") }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, Glibc.listen(descriptor, 16) == 0 else {
            let failure = SocketFailure.system("cannot listen at \(path)")
            close(descriptor)
            throw failure
        }
        return descriptor
    }

    /// A socket connected to `path`.
    package static func connect(to path: String) throws(SocketFailure) -> Int32 {
        var address = try self.address(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system("cannot make a socket") }
        while true {
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if connected == 0 { return descriptor }
            if errno == EINTR { continue }
            let failure = SocketFailure.system("cannot connect to \(path)")
            close(descriptor)
            throw failure
        }
    }

    /// The next connection waiting on `listening`, non-blocking and close-on-exec; nil when none
    /// waits. (Glibc's module hides `accept4`, so the flags are set just after: a child a
    /// program forks in that instant could inherit the descriptor.)
    package static func acceptNonBlocking(_ listening: Int32) -> Int32? {
        while true {
            let descriptor = accept(listening, nil, nil)
            if descriptor < 0, errno == EINTR { continue }
            guard descriptor >= 0 else { return nil }
            setNonBlockingCloseOnExec(descriptor)
            return descriptor
        }
    }

    package static func setNonBlockingCloseOnExec(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// Whether a socket file at `path` is left by a process that is gone: nothing accepts on it.
    package static func isStale(_ path: String) -> Bool {
        do {
            close(try connect(to: path))
            return false
        } catch {
            return error.code == ECONNREFUSED
        }
    }

    /// The user id of the process at the other end (SO_PEERCRED), nil if the kernel will not say.
    package static func peerUserID(of descriptor: Int32) -> uid_t? {
        // `struct ucred` is hidden behind _GNU_SOURCE in Glibc's module; its layout is fixed by
        // the kernel ABI: pid, uid, gid, each 32 bits.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout.size(ofValue: credentials))
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
              length == socklen_t(MemoryLayout.size(ofValue: credentials)) else { return nil }
        return credentials.uid
    }

    /// Sends all of `bytes`, without SIGPIPE should the reader have gone; false once the
    /// connection is broken. Blocking: only the probe's own thread and the client's call it.
    package static func sendAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0, errno == EINTR { continue }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    package static func sendAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { sendAll($0, to: descriptor) }
    }

    private static func address(_ path: String) throws(SocketFailure) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let utf8 = Array(path.utf8)
        guard utf8.count <= longestPath else {
            throw SocketFailure("the socket path \(path) is \(utf8.count) bytes long; a Unix socket's path holds at most \(longestPath)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: utf8)
            raw[utf8.count] = 0
        }
        return address
    }
}
