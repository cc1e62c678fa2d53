import Foundation

/// The program's resident memory and CPU time, from /proc.
struct SoakProcessUsage {
    let residentBytes: Int
    /// User and system time, in seconds.
    let cpuSeconds: Double

    init?(pid: Int32) {
        guard let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8),
              let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.range(of: ") ", options: .backwards) else { return nil }
        // After the name: state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[close.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        residentBytes = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    var megabytes: String { String(format: "%.1f MB", Double(residentBytes) / 1_048_576) }
}
