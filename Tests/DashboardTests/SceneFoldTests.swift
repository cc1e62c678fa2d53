import AsyncDemoCore
@testable import Dashboard
import Foundation
@testable import Simulation
import TerminalKit
import Testing

/// A lesson scene read back from the event log: the transcript, the marks, the ending and the
/// followed file's pane the live scene showed, at every frame; so a rewind and a replay show
/// the scene as it was, and no scene before it began or after it was closed.
@Suite("Lesson scenes folded from the event log", .timeLimit(.minutes(5)))
struct SceneFoldTests {
    private static let size = Size(width: 120, height: 36)

    /// What the scene panel draws from a transcript, the followed file's status aside (the log
    /// holds the lines the pane read, not the moments it waited for the file) and its folder
    /// (the log names the file only, as the pane does).
    struct Shown: Equatable {
        var run: Int, lesson: String, startedAt: SimulationInstant
        var lines: [String], marks: [SceneMark], status: LessonTranscript.Status
        var followed: [String]?, followedTotal: Int?, followedName: String?

        init(_ transcript: LessonTranscript) {
            run = transcript.run
            lesson = transcript.lesson
            startedAt = transcript.startedAt
            lines = transcript.lines
            marks = transcript.marks
            status = transcript.status
            followed = transcript.followedLog.map { Array($0.lines) }
            followedTotal = transcript.followedLog?.totalLines
            followedName = transcript.followedLog?.fileName
        }
    }

    /// A scene from the start; one started by its digit, closed with Esc, and another started
    /// and cancelled from the Tasks pane (its lesson task is the newest, at the top).
    static let runs: [(scene: String?, keys: String)] = [
        ("coordination/semaphore", "<Wait:7>"),
        ("files/log-monitor", "<Wait:9>"),
        ("basics/errors", "<Wait:12>"),
        (nil, "<Wait:0.5>1<Wait:2><Esc><Wait:1>3<Wait:1.5>c<Wait:2>"),
    ]

    @Test(arguments: runs.indices)
    func the_scene_folded_from_the_log_is_the_live_scene_at_every_frame(run index: Int) async throws {
        let run = Self.runs[index]
        var fold = FrameFold(settings: ScenarioSettings())
        var compared = 0, mismatches: [String] = [], closedRuns: Set<Int> = []
        let outcome = await HeadlessRun.run(
            settings: ScenarioSettings(), after: .zero, keys: try #require(HeadlessRun.parseKeys(run.keys)),
            size: Self.size, theme: .monochrome, log: .activity, scene: run.scene
        ) { frame, events in
            for event in events.events(after: fold.sequence) where event.sequence <= frame.sequence {
                do { try fold.apply(event) } catch { mismatches.append("\(error)") }
                if case .lessonClosed(let run) = event.kind { closedRuns.insert(run) }
            }
            guard let live = frame.lesson, mismatches.count < 3 else { return }
            let folded = fold.frame(at: frame.instant).lesson
            compared += 1
            if closedRuns.contains(live.run) {
                if folded?.run == live.run { mismatches.append("at \(frame.instant): closed run \(live.run) still folded") }
            } else if folded.map(Shown.init) != Shown(live) {
                mismatches.append("at \(frame.instant):\nlive: \(Shown(live))\nfold: \(folded.map(Shown.init).map(String.init(describing:)) ?? "none")")
            }
        }
        #expect(compared >= 40)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
        let kinds = outcome.events.events.map(\.kind)
        #expect(kinds.contains { if case .lessonSaid = $0 { true } else { false } })
        #expect(kinds.contains { if case .lessonEnded = $0 { true } else { false } })
        if run.scene == "files/log-monitor" {
            #expect(kinds.contains { if case .lessonFileLinesRead = $0 { true } else { false } })
        }
        if run.scene == nil {
            #expect(kinds.contains { if case .lessonClosed(1) = $0 { true } else { false } })
            #expect(kinds.contains { if case .lessonEnded(2, .cancelled) = $0 { true } else { false } })
        }
    }

    /// The screen but its header and footer, which say PAST or REPLAY and offer their keys.
    private static func body(_ screen: ScreenBuffer) -> String {
        ScreenExport.render(screen, as: .text).split(separator: "\n").dropFirst().dropLast().joined(separator: "\n")
    }

    private static func liveBody(scene: String?, keys: String, after: Duration) async throws -> String {
        body(await HeadlessRun.run(
            settings: ScenarioSettings(), after: after, keys: try #require(HeadlessRun.parseKeys(keys)),
            size: size, theme: .monochrome, log: .activity, scene: scene).screen)
    }

    /// Paused eight seconds into a scene, `;` goes back five: the panel shows what it said and
    /// drew then, as the live run drew it at that instant.
    @Test func a_rewound_scene_shows_the_panel_of_that_instant() async throws {
        let rewound = try await Self.liveBody(scene: "coordination/semaphore", keys: "<Space>;", after: .seconds(8))
        let then = try await Self.liveBody(scene: "coordination/semaphore", keys: "", after: .seconds(3))
        #expect(rewound == then)
        let present = try await Self.liveBody(scene: "coordination/semaphore", keys: "", after: .seconds(8))
        #expect(rewound != present, "the scene said more in five seconds")
        // And back: `.` steps up to the present, where the newest transcript shows again.
        let returned = try await Self.liveBody(
            scene: "coordination/semaphore", keys: "<Space>;" + String(repeating: ".", count: 50), after: .seconds(8))
        #expect(returned == present)
    }

    /// Rewound to before the scene began, no scene is shown: the Log and Queue panes are back.
    @Test func rewound_before_the_scene_began_the_panes_it_covers_are_back() async throws {
        let rewound = try await Self.liveBody(scene: nil, keys: "<Wait:5>1<Wait:2><Space>;", after: .zero)
        let before = try await Self.liveBody(scene: nil, keys: "<Wait:2>", after: .zero)
        #expect(rewound == before)
        #expect(rewound.contains("Queue"))
    }

    /// A recording of a scene run, replayed: at each instant the replay draws the live screen,
    /// the scene panel with it, and after Esc closed the scene, no panel. Each instant's live
    /// screen is the same run's, cut there.
    @Test(arguments: [
        (scene: "files/log-monitor" as String?, keys: "<Wait:6>",
         cuts: [1.0: "<Wait:1>", 2.5: "<Wait:2.5>", 6.0: "<Wait:6>"]),
        (scene: nil, keys: "<Wait:0.5>1<Wait:2.5><Esc><Wait:3>",
         cuts: [1.0: "<Wait:0.5>1<Wait:0.5>", 2.5: "<Wait:0.5>1<Wait:2>", 4.5: "<Wait:0.5>1<Wait:2.5><Esc><Wait:1.5>"]),
    ])
    func a_replayed_scene_draws_what_the_live_run_drew(scene: String?, keys: String, cuts: [Double: String]) async throws {
        let folder = try RecordingFolder()
        let path = folder.file("scene.jsonl")
        let settings = ScenarioSettings()
        let writer = try RecordingWriter(path: path, header: RecordingHeader(programVersion: AppInfo.version, settings: settings))
        let outcome = await HeadlessRun.run(
            settings: settings, after: .zero, keys: try #require(HeadlessRun.parseKeys(keys)),
            size: Self.size, theme: .monochrome, log: .activity, scene: scene,
            eachTick: { log in writer.catchUp(log) })
        _ = await writer.finish(through: outcome.events.events.last?.sequence ?? 0)
        let recording = try RecordingReader.read(path: path)
        #expect(recording.stop == nil && recording.skippedLines == 0)
        for (seconds, liveKeys) in cuts.sorted(by: { $0.key < $1.key }) {
            let replayed = ReplayRun.render(recording, after: .seconds(seconds), keys: [], size: Self.size, theme: .monochrome)
            let live = try await Self.liveBody(scene: scene, keys: liveKeys, after: .zero)
            #expect(Self.body(replayed.screen) == live, "at \(seconds) s")
        }
    }
}
