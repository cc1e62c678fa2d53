import AsyncDemoCore
import Foundation

/// A concurrent search of a directory tree for a string: every directory is listed by its own
/// child task, files are read a few at a time, and matches stream out as they are found.
public enum TreeSearch {
    public struct Match: Sendable, Hashable {
        /// Relative to the searched root.
        public let path: String
        public let lineNumber: Int
    }

    public struct Outcome: Sendable {
        public let planted: Set<Match>
        public let found: [Match]
        public let filesSearched: Int
    }

    public static let needle = "TODO(async)"

    public static func run(_ context: LessonContext, depth: Int = 3, fanOut: Int = 3, filesPerDirectory: Int = 5) async throws -> Outcome {
        let root = context.scratchPath("tree")
        let seed = context.settings.seed
        let planted = try await context.blocking.run {
            try plantTree(at: root, depth: depth, fanOut: fanOut, filesPerDirectory: filesPerDirectory, seed: seed)
        }
        context.say("searching tree/ for \"\(needle)\" (\(planted.count) planted), at most 8 files open at once")
        try await context.beat()
        // Unbounded on purpose: every match must arrive, and there are only as many as planted.
        let (matches, sink) = AsyncStream.makeStream(of: Match.self)
        let filesSearched = Recorded(0)
        let search = Search(root: root, context: context, limit: AsyncSemaphore(permits: 8), sink: sink, filesSearched: filesSearched)
        let searcher = context.spawn("search") {
            defer { sink.finish() }
            try await search.directory("")
        }
        var found: [Match] = []
        for await match in matches {
            found.append(match)
            context.say("found \(match.path):\(match.lineNumber)")
            // The search goes on meanwhile: the matches a beat holds up wait in the stream.
            try await context.beat(.milliseconds(100))
        }
        try await searcher.value
        context.say("\(found.count) matches in \(filesSearched.value) files")
        return Outcome(planted: planted, found: found, filesSearched: filesSearched.value)
    }

    /// Writes a tree of `fanOut`-way directories, `depth` levels deep, and plants the needle on
    /// random lines of random files; returns where.
    static func plantTree(at root: String, depth: Int, fanOut: Int, filesPerDirectory: Int, seed: UInt64) throws -> Set<Match> {
        var random = LessonRandom(seed: seed)
        var planted: Set<Match> = []
        func fill(_ relative: String, level: Int) throws {
            let directory = relative.isEmpty ? root : "\(root)/\(relative)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for index in 0..<filesPerDirectory {
                let name = relative.isEmpty ? "file\(index).txt" : "\(relative)/file\(index).txt"
                var lines = (1...30).map { "line \($0) of \(name): nothing to see" }
                if Int.random(in: 0..<4, using: &random) == 0 {
                    let lineNumber = Int.random(in: 1...30, using: &random)
                    lines[lineNumber - 1] += " \(needle) here"
                    planted.insert(Match(path: name, lineNumber: lineNumber))
                }
                try lines.joined(separator: "\n").write(toFile: "\(root)/\(name)", atomically: false, encoding: .utf8)
            }
            guard level < depth else { return }
            for sub in 0..<fanOut { try fill(relative.isEmpty ? "dir\(sub)" : "\(relative)/dir\(sub)", level: level + 1) }
        }
        try fill("", level: 0)
        return planted
    }
}

/// The search itself: one task per directory, files behind a semaphore.
private struct Search: Sendable {
    let root: String
    let context: LessonContext
    let limit: AsyncSemaphore
    let sink: AsyncStream<TreeSearch.Match>.Continuation
    let filesSearched: Recorded<Int>

    func directory(_ relative: String) async throws {
        let path = relative.isEmpty ? root : "\(root)/\(relative)"
        let entries = try await context.blocking.run {
            try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { name in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: "\(path)/\(name)", isDirectory: &isDirectory)
                return (name: relative.isEmpty ? name : "\(relative)/\(name)", isDirectory: isDirectory.boolValue)
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for entry in entries {
                group.addTask {
                    // The last part of the path: the Tasks pane's tree shows the rest.
                    try await context.task(String(entry.name.split(separator: "/").last ?? "")) {
                        if entry.isDirectory { try await directory(entry.name) } else { try await file(entry.name) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    func file(_ relative: String) async throws {
        try await context.withPermit(of: limit) {
            var lineNumber = 0
            for try await line in FileLines(path: "\(root)/\(relative)", blocking: context.blocking) {
                lineNumber += 1
                if line.contains(TreeSearch.needle) { sink.yield(TreeSearch.Match(path: relative, lineNumber: lineNumber)) }
            }
            filesSearched.update { $0 += 1 }
        }
    }
}
