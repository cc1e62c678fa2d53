import Foundation

/// The program's resident memory and CPU time, from /proc.
struct SoakProcessUsage {
    let residentBytes: Int
    /// What of it is not pages of files (the program's code, its libraries): heap and stacks.
    let anonymousBytes: Int
    /// User and system time, in seconds.
    let cpuSeconds: Double

    init?(pid: Int32) {
        guard let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8),
              case let fields = statm.split(separator: " "), fields.count > 2,
              let pages = Int(fields[1]), let filePages = Int(fields[2]),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.range(of: ") ", options: .backwards) else { return nil }
        // After the name: state is field 3, utime and stime are fields 14 and 15.
        let statFields = stat[close.upperBound...].split(separator: " ")
        guard statFields.count > 12, let user = Double(statFields[11]), let system = Double(statFields[12]) else { return nil }
        residentBytes = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        anonymousBytes = (pages - filePages) * Int(sysconf(Int32(_SC_PAGESIZE)))
        cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    var megabytes: String { String(format: "%.1f MB (%.1f MB of it heap and stacks)", Double(residentBytes) / 1_048_576, Double(anonymousBytes) / 1_048_576) }
}
