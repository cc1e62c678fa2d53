import ArgumentParser
import CursesBackend
import Dashboard
import Foundation
import Lessons
import LogTail

/// The lessons as plain transcripts: no terminal needed, output fit for a pipe or a file.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a lesson of the asyncio demo, in Swift, as a narrated transcript.",
        discussion: """
            Each line is stamped with lesson time. --speed 20 runs everything twenty times faster \
            (times are still reported in lesson time). Without EXAMPLE, every example of the \
            lesson runs in order.
            Examples: asyncdemo-tui demo --list; asyncdemo-tui demo basics concurrent --speed 10
            """
    )

    @Flag(name: .customLong("list"), help: "List the lessons and their examples.")
    var listLessons = false

    @Argument(help: "The lesson to run (see --list).")
    var lesson: String?

    @Argument(help: "One example of the lesson; all of them when omitted.")
    var example: String?

    @Option(parsing: .unconditional, help: "Lesson seconds per real second (\(ScenarioOptions.range(speedLimits))).")
    var speed = NumberArgument(1.0)

    /// `--speed` after `demo` is parsed by the root command, which has the same option.
    @ParentCommand var root: AsyncDemoTUI

    /// From 0.1x (the whole course in under an hour) to 1000x (a 2 s wait still sleeps 2 ms).
    static let speedLimits = 0.1...1_000.0

    private func checkedSpeed() throws -> Double {
        try (root.scenario.speed ?? speed).value(of: "--speed", within: Self.speedLimits)
    }

    @Option(name: .customLong("file-mb"), parsing: .unconditional,
            help: "Size of the file the files/large-file example streams, in MB (\(ScenarioOptions.range(largeFileMegabyteLimits))).")
    var largeFileMegabytes = NumberArgument(200)

    static let largeFileMegabyteLimits = 1...10_000

    func validate() throws {
        _ = try checkedSpeed()
        _ = try largeFileMegabytes.value(of: "--file-mb", within: Self.largeFileMegabyteLimits)
        if listLessons { return }
        _ = try selectedExamples()
    }

    func run() async throws {
        if listLessons {
            print(Self.listing(), terminator: "")
            return
        }
        let examples = try selectedExamples()
        let speed = try checkedSpeed()
        let largeFileBytes = try largeFileMegabytes.value(of: "--file-mb", within: Self.largeFileMegabyteLimits) * 1_000_000
        // Lines are printed on one serial queue, in order and never by a pool thread (a full pipe
        // would block it); the same queue creates and removes the lessons' folder.
        let output = DispatchQueue(label: "asyncdemo-tui demo output")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("asyncdemo-tui-demo-\(getpid())")
        let interruptions = Self.removeOnInterrupt(folder, queue: output)
        defer { interruptions.forEach { $0.cancel() } }
        ScratchFolderGuard.arm(removing: folder.path)
        let settings = LessonSettings(largeFileBytes: largeFileBytes, scratchParent: folder)
        var running: LessonExample?
        do {
            try await Self.perform(on: output) { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            for selected in examples {
                running = selected
                try await LessonRunner.runInRealTime(speed: speed, settings: settings, sink: { line in output.async { Self.say(line, removingOnClosedOutput: folder) } }) { context in
                    try await selected.run(context)
                }
            }
        } catch {
            // On the output queue, so after every line printed so far: the reason comes last.
            try? await Self.perform(on: output) { try FileManager.default.removeItem(at: folder) }
            let what = running.map { "\(lesson ?? "")/\($0.id) stopped" } ?? "cannot start"
            StandardError.write("\(AppInfo.name) demo: \(what): \(ErrorCause.text(of: error)) (in \(ShellQuoting.quoted(folder.path)), now removed)\n")
            throw ExitCode(1)
        }
        try await Self.perform(on: output) { try FileManager.default.removeItem(at: folder) }
    }

    /// Ctrl-C, SIGTERM, a hang-up or any other ending signal mid-lesson would leave up to 200 MB in
    /// the temporary folder: remove it, then exit as the signal would have (128 + its number).
    /// A signal ignored when `demo` started stays ignored, and SIGXFSZ keeps its default: past a
    /// file size limit the write fails and `demo` says so in its one line.
    private static func removeOnInterrupt(_ folder: URL, queue: DispatchQueue) -> [any DispatchSourceSignal] {
        EndingSignals.all.filter { $0 != SIGXFSZ && !EndingSignals.isIgnored($0) }.map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                try? FileManager.default.removeItem(at: folder)
                Foundation.exit(128 + signalNumber)
            }
            source.resume()
            return source
        }
    }

    /// Prints a line of the transcript. A reader that went away (`demo ... | head -1`) ends the
    /// run as a closed pipe ends any command, status 141, its scratch folder removed; any other
    /// failed write ends it with one line and status 1. Called on the output queue only.
    private static func say(_ line: String, removingOnClosedOutput folder: URL) {
        var bytes = Array((line + "\n").utf8)[...]
        var cause: Int32 = 0
        while !bytes.isEmpty, cause == 0 {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written >= 0 {
                bytes = bytes.dropFirst(written)
            } else if errno != EINTR {
                cause = errno
            }
        }
        guard cause != 0 else { return }
        try? FileManager.default.removeItem(at: folder)
        if cause == EPIPE { Foundation.exit(128 + SIGPIPE) }
        StandardError.write("\(AppInfo.name) demo: cannot write the transcript: \(String(cString: strerror(cause)))\n")
        Foundation.exit(1)
    }

    private static func perform<Value: Sendable>(
        on queue: DispatchQueue, _ work: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The examples the arguments name, or a one-line reason they name none.
    private func selectedExamples() throws -> [LessonExample] {
        guard let lessonID = lesson else {
            throw ValidationError("name a lesson (\(Self.lessonIDs)) or use --list")
        }
        guard let chosen = LessonCatalog.lesson(lessonID) else {
            throw ValidationError("no lesson \(EchoedValue.quoted(lessonID)); lessons: \(Self.lessonIDs)")
        }
        guard let exampleID = example else { return chosen.examples }
        guard let one = chosen.example(exampleID) else {
            let known = chosen.examples.map(\.id).joined(separator: ", ")
            throw ValidationError("lesson \(EchoedValue.quoted(lessonID)) has no example \(EchoedValue.quoted(exampleID)); its examples: \(known)")
        }
        return [one]
    }

    private static var lessonIDs: String {
        LessonCatalog.lessons.map(\.id).joined(separator: ", ")
    }

    static func listing() -> String {
        var text = ""
        for lesson in LessonCatalog.lessons {
            text += "\(lesson.id): \(lesson.title)\n"
            for example in lesson.examples {
                text += "  \(example.id.padding(toLength: 14, withPad: " ", startingAt: 0)) \(example.title)\n"
            }
        }
        return text
    }
}
