import Glibc

/// Where probed programs put their sockets: `$XDG_RUNTIME_DIR/asyncdemo-tui/` when the session
/// has a runtime folder, else `/tmp/asyncdemo-tui-USER/`; made 0700 and refused when another
/// user owns it or others may enter it, since whoever can enter it can connect to the sockets.
/// One socket a process, `PID-NAME.sock`, so a listing tells the pid and the name without
/// connecting.
package struct ProbeSocketFolder: Sendable, Equatable {
    package let path: String

    package init(path: String) {
        self.path = path
    }

    /// The folder for this user, from the environment.
    package static func standard() -> ProbeSocketFolder {
        if let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }), runtime.hasPrefix("/") {
            return ProbeSocketFolder(path: runtime + "/asyncdemo-tui")
        }
        let user = getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? String(getuid())
        return ProbeSocketFolder(path: "/tmp/asyncdemo-tui-" + user)
    }

    /// Makes the folder if it is missing, and checks that it is ours alone.
    package func prepare() throws(SocketFailure) {
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw .system("cannot make the socket folder \(path)") }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .system("cannot read the socket folder \(path)") }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw SocketFailure("the socket folder \(path) is not a folder") }
        guard info.st_uid == getuid() else { throw SocketFailure("the socket folder \(path) belongs to another user") }
        if info.st_mode & 0o777 != 0o700, chmod(path, 0o700) != 0 {
            throw .system("the socket folder \(path) is open to other users and cannot be closed")
        }
    }

    /// The socket of process `pid` running `program`.
    package func socketPath(program: String, pid: Int32) -> String {
        "\(path)/\(pid)-\(Self.fileSafe(program)).sock"
    }

    /// A program name as it may stand in a file name: letters, digits, `-`, `_` and `.`, at most
    /// 40 of them; anything else becomes `_`.
    static func fileSafe(_ program: String) -> String {
        let kept = program.unicodeScalars.prefix(40).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }
        return kept.isEmpty ? "program" : String(kept)
    }

    /// A socket in the folder, as its name says.
    package struct Entry: Sendable, Equatable {
        package let path: String
        package let pid: Int32
        package let program: String
        /// When the socket was made: the program's probe started then (seconds since 1970).
        package let since: Int

        /// Whether its process is gone (the socket outlived a crash).
        package var processIsGone: Bool { kill(pid, 0) != 0 && errno == ESRCH }
    }

    /// The sockets in the folder, oldest first; none when it does not exist.
    package func entries() -> [Entry] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var found: [Entry] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".sock"), let dash = name.firstIndex(of: "-"), let pid = Int32(name[..<dash]) else { continue }
            let program = String(name[name.index(after: dash)...].dropLast(".sock".count))
            var info = stat()
            let full = "\(path)/\(name)"
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { continue }
            found.append(Entry(path: full, pid: pid, program: program, since: Int(info.st_mtim.tv_sec)))
        }
        return found.sorted { ($0.since, $0.pid) < ($1.since, $1.pid) }
    }

    /// Removes the sockets of processes that are gone and that nothing listens on: left by a
    /// crash (a clean stop removes its own). Returns the paths removed.
    @discardableResult
    package func removeStaleSockets() -> [String] {
        entries().filter { $0.processIsGone && UnixSocket.isStale($0.path) }.compactMap { entry in
            unlink(entry.path) == 0 ? entry.path : nil
        }
    }
}
