import Foundation
import Testing

/// The README's pictures are what the program draws now: each command of its Screenshots
/// section is run as written (with `-o -`) and its output must equal the committed file.
@Suite("Committed screenshots", .timeLimit(.minutes(5)))
struct ScreenshotTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `swift run asyncdemo-tui snapshot ... -o screenshots/NAME.svg` lines of the README.
    static func commands() throws -> [(arguments: [String], picture: String)] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("swift run asyncdemo-tui snapshot "), let words = shellWords(String(line)),
                  let output = words.firstIndex(of: "-o"), output + 1 < words.count,
                  words[output + 1].hasPrefix("screenshots/") else { return nil }
            var arguments = Array(words.dropFirst(3))
            // To standard output, in the format the file's name gave.
            arguments[output - 2] = "-"
            return (arguments + ["--format", "svg"], words[output + 1])
        }
    }

    /// Splits a command line at spaces, keeping single-quoted words whole; nil for anything fancier.
    static func shellWords(_ line: String) -> [String]? {
        var words: [String] = [], current = "", quoted = false, started = false
        for character in line {
            switch character {
            case "'": quoted.toggle(); started = true
            case " " where !quoted:
                if started { words.append(current) }
                current = ""
                started = false
            case "\"", "$", "`", "|", ">", "<":
                if !quoted { return nil }
                current.append(character)
            default:
                current.append(character)
                started = true
            }
        }
        if quoted { return nil }
        if started { words.append(current) }
        return words
    }

    /// The picture of the dashboard attached to the Hummingbird example under load: made by the
    /// example's `screenshot` script, which the README names, from a live server, so it differs
    /// from run to run and is checked for what it must show rather than redrawn.
    static let attachedPicture = "screenshots/attached.svg"

    @Test func every_picture_in_screenshots_has_a_command_in_the_readme() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("\nExamples/hummingbird-server/screenshot\n"))
        #expect(readme.contains("](\(Self.attachedPicture))"))
        let listed = Set(try Self.commands().map(\.picture)).union([Self.attachedPicture])
        let pictures = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("screenshots").path)
            .filter { $0.hasSuffix(".svg") }.map { "screenshots/\($0)" }
        #expect(Set(pictures) == listed)
        #expect(listed.count >= 8)
    }

    @Test func every_committed_picture_is_what_its_command_draws_now() throws {
        for (arguments, picture) in try Self.commands() {
            let result = ChildProcess.run([BuiltProgram.path] + arguments, environment: ["LANG": "C.UTF-8"])
            #expect(result.status == 0, "\(picture): \(result.errors)")
            let committed = try String(contentsOf: Self.root.appendingPathComponent(picture), encoding: .utf8)
            #expect(result.output == committed, "\(picture) differs from what its README command draws now")
        }
    }

    @Test func the_attached_picture_shows_the_example_attached_with_its_semaphore_queue_and_requests() throws {
        let picture = try String(contentsOf: Self.root.appendingPathComponent(Self.attachedPicture), encoding: .utf8)
        #expect(picture.hasPrefix("<svg") || picture.hasPrefix("<?xml"))
        for shown in ["ATTACHED", "attached to hummingbird-server", "Resources", "db ", "held", "jobs ", "depth ", "span.server", "GET /db"] {
            #expect(picture.contains(shown), "\(shown) in \(Self.attachedPicture)")
        }
    }
}
