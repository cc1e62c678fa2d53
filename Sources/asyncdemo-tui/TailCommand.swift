import ArgumentParser
import LogTail

/// `tail -F` without curses: every line GNU tail prints, plus those it loses on copytruncate
/// and on writes to a file after it was renamed away.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the end of a file and follow it, by name (-F) or descriptor (-f).",
        discussion: """
            Lines go to standard output; notices (waiting, truncated, replaced) go to standard \
            error in GNU tail's words. On a terminal, control characters are made visible; into \
            a pipe or file, each line's bytes are written unchanged (lines over 16 MiB are cut, \
            and standard error says so). A FIFO or pipe is read to its end first. A failed \
            write to standard output exits 1; Ctrl-C exits 130.
            Example: asyncdemo-tui tail -n 20 -F /var/log/dpkg.log
            """
    )

    /// Unconditional, so `-n -5` takes `-5` as its value, as GNU tail does, instead of an option.
    @Option(name: [.customShort("n", allowingJoined: true), .customLong("lines")], parsing: .unconditional,
            help: ArgumentHelp("Start with the last N lines (N or -N), or from line N on (+N).", valueName: "[+-]N"))
    var lines = TailLineCount(lastLines: 10)

    @Flag(name: .customShort("F"), help: "Follow by name: survive rotation, truncation and re-creation.")
    var followByName = false

    @Flag(name: .customShort("f"), help: "Follow the open file, even after it is renamed.")
    var followDescriptor = false

    @Flag(help: "Check for changes by polling instead of inotify.")
    var poll = false

    @Argument(help: "The file to print; without one, or with -, standard input.")
    var file: String = TailCommandOptions.standardInput

    func validate() throws {
        _ = try lines.start()
        guard !(followByName && followDescriptor) else { throw ValidationError("choose one of -F and -f") }
    }

    func run() async throws {
        let follow: TailCommandOptions.Follow = followByName ? .byName : followDescriptor ? .byDescriptor : .none
        let status = await runTail(TailCommandOptions(start: try lines.start(), follow: follow, poll: poll, path: file))
        if status != 0 { throw ExitCode(status) }
    }
}
