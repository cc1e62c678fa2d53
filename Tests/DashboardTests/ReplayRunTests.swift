import AsyncDemoCore
@testable import Dashboard
import Foundation
import Simulation
import TerminalKit
import Testing

/// `snapshot --replay`: a recording read back from its file, folded at an instant, draws what
/// the live run drew then, but for the header's REPLAY mark and the footer's keys.
@Suite("Replaying a recording")
struct ReplayRunTests {
    private static let size = Size(width: 120, height: 36)
    /// Jobs, a permit and a worker more, a bigger queue and faster producers at once, a cancel two
    /// seconds on: commands the replay has only from the recording.
    private static let commands = "ss+w>]<Wait:2>c"
    private static let length = Duration.seconds(15)

    /// The screen without the header, where the replay adds its mark, and the footer, where it
    /// offers its own keys (the footer test below reads it).
    private static func body(_ screen: ScreenBuffer) -> String {
        ScreenExport.render(screen, as: .text).split(separator: "\n").dropFirst().dropLast().joined(separator: "\n")
    }

    /// One frame drawn as a live run's model draws it after a run of frames, from a fresh model.
    private static func live(_ frame: SimulationFrame) -> String {
        var model = DashboardModel(size: size, speed: 1, followsFile: false)
        _ = model.update(.frame(frame))
        _ = model.update(.tick(DrawTick(uptime: frame.instant.sinceStart, framesPerSecond: 30)))
        return body(DashboardView.render(model, theme: .monochrome))
    }

    @Test func a_recorded_run_replayed_draws_the_live_screens_at_a_hundred_instants() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        let settings = ScenarioSettings()
        let writer = try RecordingWriter(path: path, header: RecordingHeader(programVersion: AppInfo.version, settings: settings))
        var liveScreens: [SimulationInstant: String] = [:]
        let outcome = await HeadlessRun.run(
            settings: settings, after: .zero, keys: try #require(HeadlessRun.parseKeys(Self.commands + "<Wait:13>")),
            size: Self.size, theme: .monochrome, log: .activity,
            eachFrame: { frame, _ in liveScreens[frame.instant] = Self.live(frame) },
            eachTick: { log in writer.catchUp(log) })
        _ = await writer.finish(through: outcome.events.events.last?.sequence ?? 0)
        let recording = try RecordingReader.read(path: path)
        #expect(recording.stop == nil && recording.gaps.isEmpty)
        #expect(recording.events.contains { if case .commandApplied = $0.kind { true } else { false } })

        let instants = liveScreens.keys.sorted().suffix(100)
        #expect(instants.count == 100)
        var differing: [String] = []
        for instant in instants {
            let replayed = ReplayRun.render(recording, after: instant.sinceStart, keys: [], size: Self.size, theme: .monochrome)
            #expect(replayed.instant == instant && replayed.stop == nil)
            if Self.body(replayed.screen) != liveScreens[instant] { differing.append(Format.seconds(instant.sinceStart)) }
        }
        #expect(differing.isEmpty, "the replay differs from the live run at \(differing.prefix(10))")
    }

    @Test func the_replay_at_the_end_of_a_scripted_run_draws_what_the_run_drew_and_says_replay() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        let (outcome, _) = try await recordedRun(after: .zero, keys: Self.commands + "<Wait:5>", to: path)
        let recording = try RecordingReader.read(path: path)
        let replayed = ReplayRun.render(recording, after: .seconds(7), keys: [], size: Size(width: 100, height: 30), theme: .monochrome)
        #expect(Self.body(replayed.screen) == Self.body(outcome.screen))
        let header = ScreenExport.render(replayed.screen, as: .text).split(separator: "\n").first ?? ""
        #expect(header.hasSuffix("REPLAY"))
    }

    @Test func keys_that_would_change_the_run_are_refused_and_rewinding_reads_the_recording() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        _ = try await recordedRun(after: .seconds(10), to: path)
        let recording = try RecordingReader.read(path: path)
        let lines = { (screen: ScreenBuffer) in Array(Self.body(screen).split(separator: "\n")) }
        // A job and a permit asked for: refused, and every pane is as it was (the footer aside).
        let refused = ReplayRun.render(
            recording, after: .seconds(8), keys: try #require(HeadlessRun.parseKeys("s+")), size: Self.size, theme: .monochrome)
        #expect(ScreenExport.render(refused.screen, as: .text).contains("a replay shows the run as it was recorded"))
        let untouched = ReplayRun.render(recording, after: .seconds(8), keys: [], size: Self.size, theme: .monochrome)
        #expect(lines(refused.screen) == lines(untouched.screen))
        let footer = ScreenExport.render(untouched.screen, as: .text).split(separator: "\n").last ?? ""
        #expect(footer.contains("g G  start end") && !footer.contains("spawn") && !footer.contains("lessons"),
                "the footer offers the replay's keys, not the run's: \(footer)")
        // Paused at 8 s and ten steps back: the panes are the recording's at 7 s.
        let back = ReplayRun.render(
            recording, after: .seconds(8), keys: try #require(HeadlessRun.parseKeys(" ,,,,,,,,,,")), size: Self.size, theme: .monochrome)
        let atSeven = ReplayRun.render(recording, after: .seconds(7), keys: [], size: Self.size, theme: .monochrome)
        #expect(lines(back.screen) == lines(atSeven.screen))
    }

    @Test func at_types_a_time_to_go_to_and_a_time_it_cannot_read_is_said() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        _ = try await recordedRun(after: .seconds(10), to: path)
        let recording = try RecordingReader.read(path: path)
        let seek = { (keys: String) in
            ReplayRun.render(recording, after: .seconds(2), keys: HeadlessRun.parseKeys(keys) ?? [], size: Self.size, theme: .monochrome)
        }
        #expect(seek("@7<Enter>").instant == .start + .seconds(7))
        #expect(seek("@0:08.5<Enter>").instant == .start + .milliseconds(8_500))
        #expect(seek("@9<Esc>").instant == .start + .seconds(2), "Esc goes nowhere")
        let typing = ScreenExport.render(seek("@1:3").screen, as: .text)
        #expect(typing.split(separator: "\n").last?.hasPrefix(" go to  1:3▏  Enter  go") == true)
        let refused = seek("@soon<Enter>")
        #expect(refused.instant == .start + .seconds(2))
        #expect(ScreenExport.render(refused.screen, as: .text).contains("not a time: soon (seconds, m:ss or h:mm:ss)"))
        for (text, time) in [("90", Duration.seconds(90)), ("1:30", .seconds(90)), ("1:02:03", .seconds(3_723)), ("0.25", .milliseconds(250))] {
            #expect(ReplaySeekPrompt.time(text) == time, "\(text)")
        }
        for text in ["", "-1", "1:60", "1:2:3:4", "a:10", "nan"] { #expect(ReplaySeekPrompt.time(text) == nil, "\(text)") }
    }

    @Test func a_replay_past_the_recordings_end_shows_its_last_instant() async throws {
        let folder = try RecordingFolder()
        let path = folder.file("run.jsonl")
        _ = try await recordedRun(after: .seconds(3), to: path)
        let recording = try RecordingReader.read(path: path)
        let late = ReplayRun.render(recording, after: .seconds(60), keys: [], size: Self.size, theme: .monochrome)
        #expect(late.instant == recording.events.last?.at)
    }
}
