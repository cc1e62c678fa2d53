/// GNU tail's wording for each notice (checked against coreutils 9.1 `tail -F` runs), with our
/// program name. The double space after ';' is GNU's own. Names are quoted as GNU quotes them,
/// so an escape sequence in a file name reaches the terminal as inert text (`'x'$'\033''[2J'`).
enum TailMessages {
    static let programName = "asyncdemo-tui"

    static func text(for notice: FollowNotice, path: String, isFirstEvent: Bool) -> String {
        let quoted = ShellQuoting.quoted(path)
        let bare = ShellQuoting.quotedIfNeeded(path)
        let body: String = switch notice {
        case .waiting(let code), .inaccessible(let code):
            "cannot open \(quoted) for reading: \(FollowNotice.describe(errno: code))"
        case .appeared: "\(quoted) has appeared;  following new file"
        case .becameAccessible: "\(quoted) has become accessible"
        case .truncated: "\(bare): file truncated"
        case .replaced: "\(quoted) has been replaced;  following new file"
        case .movedAway, .deleted: "\(quoted) has become inaccessible: No such file or directory"
        case .notRegularFile(.directory) where isFirstEvent: "error reading \(quoted): Is a directory"
        case .notRegularFile where isFirstEvent: "\(bare): cannot follow end of this type of file"
        case .notRegularFile: "\(quoted) has been replaced with an untailable file"
        case .error(let code): "error reading \(quoted): \(FollowNotice.describe(errno: code))"
        }
        return "\(programName): \(body)\n"
    }
}
