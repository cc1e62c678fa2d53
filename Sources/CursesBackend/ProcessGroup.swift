import Glibc

/// Job-control facts about this process's group, read from /proc.
enum ProcessGroup {
    /// True when no process outside our group but in our session is the parent of a member of
    /// it (POSIX's orphaned process group): then no shell will ever `fg` us, and a stop would
    /// be for good. Walks up from our parent past members of our own group (wrappers such as
    /// `bash -c`) to the first process outside it.
    static func isOrphaned() -> Bool {
        let group = getpgrp(), session = getsid(0)
        var ancestor = getppid()
        for _ in 0..<64 {
            guard ancestor > 1 else { return true }
            if getpgid(ancestor) != group { return getsid(ancestor) != session }
            guard let parent = parentOf(ancestor) else { return true }
            ancestor = parent
        }
        return true
    }

    private static func parentOf(_ pid: pid_t) -> pid_t? {
        guard let file = fopen("/proc/\(pid)/stat", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The name in parentheses may hold spaces; the fields after its closing ')' are
        // state, then the parent's pid.
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }
}
