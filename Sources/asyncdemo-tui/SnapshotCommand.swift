import ArgumentParser
import Dashboard
import Foundation
import TerminalKit

/// Renders the dashboard without a terminal, as text, ANSI or SVG: for screenshots, docs and CI.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render the dashboard without a terminal and write the screen to a file.",
        discussion: """
            The dashboard's own --follow FILE and --no-color apply too.
            Example: asyncdemo-tui snapshot --size 100x30 --follow app.log --format svg -o dashboard.svg
            """
    )

    @Option(help: "Screen size as COLUMNSxROWS.")
    var size = "100x30"

    @Option(help: "The uptime the header shows, in seconds.")
    var after: Double = 0

    @Option(help: "Output format: text, ansi or svg (default: from the file extension, else text).")
    var format: String?

    @Option(name: .shortAndLong, help: "Where to write the snapshot; - for standard output.")
    var output: String

    /// --follow and --no-color are the dashboard's own options, given before or after `snapshot`.
    @ParentCommand var dashboard: AsyncDemoTUI

    func validate() throws {
        guard parsedSize != nil else {
            throw ValidationError("--size must look like 100x30 (columns x rows, each 1 to \(Size.largestParsedSide)), got '\(size)'")
        }
        guard after >= 0, after <= 1_000_000_000 else {
            throw ValidationError("--after must be between 0 and 1000000000 seconds, got \(after)")
        }
        if let format, ScreenExport.Format(rawValue: format) == nil {
            throw ValidationError("--format must be one of text, ansi, svg; got '\(format)'")
        }
    }

    private var parsedSize: Size? { Size(parsing: size) }

    private var resolvedFormat: ScreenExport.Format {
        if let format, let chosen = ScreenExport.Format(rawValue: format) { return chosen }
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "svg": return .svg
        case "ans", "ansi": return .ansi
        default: return .text
        }
    }

    /// The log feed's first settled snapshot (its initial read, or a notice), within 5 seconds.
    static func firstLogSnapshot(of path: String) async -> LogPaneSnapshot? {
        let feed = LogFeed(path: path)
        let following = Task { await feed.run() }
        defer { following.cancel() }
        let deadline = ContinuousClock.now + .seconds(5)
        var latest: LogPaneSnapshot?
        for await snapshot in feed.snapshots {
            latest = snapshot
            if snapshot.status != .starting || ContinuousClock.now > deadline { break }
        }
        return latest
    }

    func run() async throws {
        guard let size = parsedSize else { throw ExitCode(2) }
        var model = DashboardModel(size: size)
        model.uptime = .milliseconds(Int64(after * 1000))
        if let path = dashboard.followPath, let log = await Self.firstLogSnapshot(of: path) { model.receive(log) }
        let theme = dashboard.noColor ? Theme.monochrome : Theme.color
        let screen = DashboardView.render(model, theme: theme)
        let text = ScreenExport.render(screen, as: resolvedFormat)
        if output == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            StandardError.write("\(AppInfo.name) snapshot: cannot write '\(output)': \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
    }
}
