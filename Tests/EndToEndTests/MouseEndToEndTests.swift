import Foundation
import Testing

/// The mouse in a real terminal: tmux passes the pane program's SGR mouse reports through when
/// they are typed into the pane (`send-keys -l`), as an xterm sends them for a click or a notch
/// of the wheel; tmux's own `mouse` option stays off, so tmux does not take them.
@Suite("Mouse end to end in tmux", .serialized)
struct MouseEndToEndTests {
    /// An SGR report (mode 1006) of a press (`M`) or release (`m`) at a 0-based cell.
    static func report(button: Int, x: Int, y: Int, pressed: Bool) -> String {
        "\u{1B}[<\(button);\(x + 1);\(y + 1)\(pressed ? "M" : "m")"
    }

    func click(_ session: TmuxSession, x: Int, y: Int) throws {
        try session.sendKeys("-l", Self.report(button: 0, x: x, y: y, pressed: true) + Self.report(button: 0, x: x, y: y, pressed: false))
    }

    @Test func a_click_selects_a_task_row_a_second_opens_it_and_the_wheel_scrolls_the_log() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: BuiltProgram.path), "build the package first: \(BuiltProgram.path)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adt-mouse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let followed = folder.appendingPathComponent("app.log")
        try (1...200).map { "line \($0)\n" }.joined().write(to: followed, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("terminal.bytes")
        // Started only once its output is recorded, so the mode it sets at the start is seen.
        let session = try TmuxSession(width: 100, height: 30,
                                      script: "read go; " + TmuxSession.wrapped("--no-color --follow '\(followed.path)'"))
        try session.pipeOutput(to: output.path)
        try session.sendKeys("Enter")
        try await session.waitFor(text: "line 200")
        // Paused, the rows stay where they were read off the screen.
        try session.sendKeys("Space")
        let screen = try await session.waitFor(text: "PAUSED")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = try #require(lines.firstIndex { $0.contains("┌ Tasks — ") })
        let row = title + 4
        let id = try #require(lines[row].dropFirst(50).split(separator: " ").dropFirst().first, "the Tasks' third row: \(lines[row])")
        #expect(id.hasPrefix("#"))

        try click(session, x: 70, y: row)
        try await session.waitFor("row \(id) drawn selected") { _ in
            // Without colours the selected row is drawn in reverse video.
            session.capture(withStyles: true).contains("\u{1B}[7m\(id) ")
        }
        #expect(!session.capture().contains("┌ Task \(id)"), "the first click only selects")
        try click(session, x: 70, y: row)
        try await session.waitFor(text: "┌ Task \(id) ")
        try session.sendKeys("Escape")
        try await session.waitFor("the detail to close") { !$0.contains("┌ Task \(id) ") }

        try session.sendKeys("-l", Self.report(button: 64, x: 20, y: 6, pressed: true))
        try await session.waitFor(text: "-197 of 200 · End follows")
        try session.sendKeys("-l", Self.report(button: 64, x: 20, y: 6, pressed: true))
        try await session.waitFor(text: "-194 of 200 · End follows")
        try session.sendKeys("-l", Self.report(button: 65, x: 20, y: 6, pressed: true))
        try await session.waitFor(text: "-197 of 200 · End follows")

        // A Shift-click (button code + 4) is the terminal's: it must not focus the Log, so `j`
        // still moves the Tasks selection, to the fourth row.
        try session.sendKeys("-l", Self.report(button: 4, x: 20, y: 6, pressed: true) + Self.report(button: 4, x: 20, y: 6, pressed: false))
        try session.sendKeys("j")
        let next = try #require(lines[row + 1].dropFirst(50).split(separator: " ").dropFirst().first)
        try await session.waitFor("row \(next) drawn selected after a Shift-click and j") { _ in
            session.capture(withStyles: true).contains("\u{1B}[7m\(next) ")
        }
        #expect(session.capture().contains("-197 of 200 · End follows"), "the Log did not move")

        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0 && report.icanon && report.echo)
        let bytes = try await session.waitForFile(output.path) { $0.contains(Array("exit=".utf8)) }
        let written = String(decoding: bytes, as: UTF8.self)
        // ncurses sets what xterm-256color's XM says: SGR reports of presses and releases only.
        // Without 1002 (drags) or 1003 (all motion) xterm keeps Shift-drag for its selection.
        #expect(written.contains("\u{1B}[?1006;1000h") && written.contains("\u{1B}[?1006;1000l"))
        let privateModes = written.split(separator: "\u{1B}[?").dropFirst().map { $0.prefix { $0.isNumber || $0 == ";" } }
        #expect(!privateModes.contains { $0.split(separator: ";").contains { $0 == "1002" || $0 == "1003" } })
    }

    @Test func with_no_mouse_the_terminal_keeps_the_mouse() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adt-mouse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("terminal.bytes")
        let session = try TmuxSession(width: 100, height: 30, script: "read go; " + TmuxSession.wrapped("--no-mouse"))
        try session.pipeOutput(to: output.path)
        try session.sendKeys("Enter")
        try await session.waitFor(text: "┌ Tasks ")
        try session.sendKeys("q")
        let report = try await session.waitForExitReport()
        #expect(report.status == 0)
        let bytes = try await session.waitForFile(output.path) { $0.contains(Array("exit=".utf8)) }
        #expect(!String(decoding: bytes, as: UTF8.self).contains("\u{1B}[?1006;1000h"), "no mouse mode asked for")
    }
}
