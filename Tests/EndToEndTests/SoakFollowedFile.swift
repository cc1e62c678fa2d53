import Foundation

/// A log rotated by rename, as logrotate does without copytruncate: the file moves to `.1`
/// (replacing the one before) and a new one takes its name.
struct SoakFollowedFile {
    let path: String
    private(set) var rotations = 0
    private(set) var linesWritten = 0

    init(path: String) { self.path = path }

    func create() throws {
        guard FileManager.default.createFile(atPath: path, contents: Data()) else { throw E2EError.commandFailed("create \(path)") }
    }

    mutating func append(lines: Int) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        var text = ""
        for _ in 0..<lines {
            linesWritten += 1
            text += "soak line \(linesWritten) of rotation \(rotations) · ümlaut 日本 \u{1B}[31mred\u{1B}[0m\n"
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    mutating func rotate() throws {
        if rename(path, path + ".1") != 0 { throw E2EError.commandFailed("rename \(path)") }
        try create()
        rotations += 1
    }
}
