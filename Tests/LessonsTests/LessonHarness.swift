import AsyncDemoCore
import Lessons
import Locking

/// Collects transcript lines in memory, in the order they were said.
final class Transcript: Sendable {
    private let lines = LockedState<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    var sink: @Sendable (String) -> Void {
        { [self] line in lines.withLock { $0.append(line) } }
    }

    func contains(_ fragment: String) -> Bool {
        all.contains { $0.contains(fragment) }
    }
}

/// Runs `body` in virtual time with a fresh transcript.
func inVirtualTime<Result: Sendable>(
    settings: LessonSettings = LessonSettings(largeFileBytes: 20_000_000), scene: SceneLink? = nil,
    _ body: @escaping @Sendable (LessonContext) async throws -> Result
) async throws -> (Result, Transcript) {
    let transcript = Transcript()
    let result = try await LessonRunner.runInVirtualTime(settings: settings, scene: scene, sink: transcript.sink, body)
    return (result, transcript)
}

/// Stands in for a dashboard scene: records the marks an example makes and presses its keys.
final class RecordingScene: Sendable {
    private let recorded = Recorded<[SceneMark]>([])
    private let keys: AsyncStream<LessonControl>.Continuation
    let link: SceneLink

    init() {
        let (controls, keys) = AsyncStream.makeStream(of: LessonControl.self)
        self.keys = keys
        link = SceneLink(marks: { [recorded] mark in recorded.update { $0.append(mark) } }, controls: controls)
    }

    var marks: [SceneMark] { recorded.value }

    func press(_ key: LessonControl) { keys.yield(key) }

    /// Each timeline bar's span in seconds, by "track label", from its start and end marks.
    var bars: [String: ClosedRange<Double>] {
        var started: [String: Double] = [:], spans: [String: ClosedRange<Double>] = [:]
        for mark in marks {
            switch mark.kind {
            case .barStarted(let track, let label): started["\(track) \(label)"] = mark.at.inSeconds
            case .barEnded(let track, let label, _):
                let key = "\(track) \(label)"
                if let start = started[key] { spans[key] = start...mark.at.inSeconds }
            default: break
            }
        }
        return spans
    }

    /// How each bar ended, in the order they ended.
    var endings: [SceneMark.BarEnding] {
        marks.compactMap { if case .barEnded(_, _, let ending) = $0.kind { ending } else { nil } }
    }
}
