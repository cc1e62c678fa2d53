import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Paused, `,` and `;` show the run's past, read from the event log; `.` steps back towards the
/// present; space resumes from the present. The past shown is the live run's screen at that
/// instant, but for the header's mark and the footer's keys.
@Suite("Rewinding a paused run", .timeLimit(.minutes(5)))
struct RewindTests {
    /// A job at 1 s, a permit more and a faster rate at 3 s, a job and a cancel at 5 s; 10 s in all.
    static let history = "s<Wait:2>+]<Wait:2>sc<Wait:5>"

    private func screen(_ keys: String, after: Duration = .seconds(1)) async throws -> [String] {
        var settings = ScenarioSettings()
        settings.seed = 5
        settings.failurePercent = 10
        let steps = try #require(HeadlessRun.parseKeys(keys))
        return await HeadlessRun.render(
            settings: settings, after: after, keys: steps, size: Size(width: 120, height: 36), theme: .monochrome,
            log: .activity
        ).textLines()
    }

    /// The live screen at `keys`' end, paused there.
    private func live(_ keys: String, after: Duration = .seconds(1)) async throws -> [String] {
        try await screen(keys + " ", after: after)
    }

    private func panes(_ lines: [String]) -> ArraySlice<String> { lines.dropFirst().dropLast() }

    /// Rewinding from 10 s, and the live run paused at the instant it lands on.
    @Test(arguments: [
        (" ,,,;", 1.0, "s<Wait:2>+]<Wait:1.7>"),
        (" ,", 1.0, "s<Wait:2>+]<Wait:2>sc<Wait:4.9>"),
        (" ;", 1.0, "s<Wait:2>+]<Wait:2>sc"),
        (" ;,.", 1.0, "s<Wait:2>+]<Wait:2>sc"),
        (" ;;;", 0.0, ""),
        (" ;;...", 0.3, ""),
    ])
    func the_past_shows_what_the_live_run_showed_at_that_instant(rewind: String, liveAfter: Double, liveKeys: String)
        async throws
    {
        let rewound = try await screen(Self.history + rewind)
        let liveThen = try await live(liveKeys, after: .milliseconds(Int64(liveAfter * 1000)))
        #expect(rewound[0].contains("◀ PAST -"), "the header marks the past: \(rewound[0])")
        #expect(rewound.last?.contains("resume from now") == true)
        let differences = zip(panes(rewound), panes(liveThen)).filter { $0 != $1 }
        #expect(panes(rewound) == panes(liveThen),
                "\(differences.prefix(3).map { "past: \($0)\nlive: \($1)" }.joined(separator: "\n"))")
    }

    @Test func the_header_says_how_far_behind_the_present_the_panes_are() async throws {
        let rewound = try await screen(Self.history + " ,,,;")
        #expect(rewound[0].contains("◀ PAST -5.3s"), "\(rewound[0])")
    }

    @Test func keys_that_would_change_the_run_are_refused_in_the_past() async throws {
        var settings = ScenarioSettings()
        settings.seed = 5
        let steps = try #require(HeadlessRun.parseKeys(Self.history + " ;s+w]"))
        let outcome = await HeadlessRun.run(
            settings: settings, after: .seconds(1), keys: steps, size: Size(width: 120, height: 36), theme: .monochrome,
            log: .activity)
        let commands = outcome.events.events.compactMap { if case .commandApplied(let command) = $0.kind { command } else { nil } }
        #expect(commands.count == 5, "only the five keys before the pause reached the run: \(commands)")
        #expect(outcome.screen.textLines().last?.contains("showing the past: space resumes") == true)
    }

    @Test func resuming_continues_from_the_present_as_if_the_rewind_had_not_happened() async throws {
        let resumed = try await screen(Self.history + " ;;,,. <Wait:2>")
        let neverRewound = try await screen(Self.history + "  <Wait:2>")
        #expect(resumed == neverRewound)
        #expect(!resumed[0].contains("PAST"))
    }
}
