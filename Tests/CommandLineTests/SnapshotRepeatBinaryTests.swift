import Foundation
import Testing

/// The same `snapshot` arguments give the same bytes in every process. The determinism tests in
/// one process cannot see this: Swift seeds its hash tables anew in each process, so a run that
/// walks a Dictionary or a Set in the table's own order repeats itself within a process and
/// differs in the next (the board's cancel all and an event's waiters did).
@Suite("snapshot repeated through the built program", .timeLimit(.minutes(2)))
struct SnapshotRepeatBinaryTests {
    @Test(arguments: [
        // C y: every task cancelled at one instant.
        ["--after", "3", "--keys", "sssCy<Wait:1>"],
        // An event wakes five waiters at one instant.
        ["--scene", "coordination/event", "--after", "6"],
        ["--after", "8", "--keys", "s<Wait:2>jj<Enter>"],
    ])
    func the_same_arguments_draw_the_same_screen_in_every_process(_ arguments: [String]) async throws {
        let temporary = try PrivateTemporaryFolder()
        var screens: Set<String> = []
        for _ in 0..<4 {
            let result = try await run(programPath, ["snapshot", "--size", "120x36"] + arguments + ["-o", "-"], temporary: temporary)
            #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
            screens.insert(result.output)
        }
        #expect(screens.count == 1, "\(screens.count) different screens from four runs of \(arguments)")
    }

    @Test(arguments: [
        ["--after", "3", "--keys", "sssCy<Wait:1>+s<Wait:2>"],
        ["--scene", "coordination/event", "--after", "6"],
        // The scene's own Log pane reads its file on a thread of its own.
        ["--scene", "files/log-monitor", "--after", "6"],
    ])
    func the_same_arguments_record_the_same_events_in_every_process(_ arguments: [String]) async throws {
        let temporary = try PrivateTemporaryFolder()
        var recordings: Set<Data> = []
        for attempt in 0..<4 {
            let path = temporary.path + "/run-\(attempt).jsonl"
            let result = try await run(
                programPath, ["snapshot"] + arguments + ["--record", path, "-o", "/dev/null"], temporary: temporary)
            #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
            recordings.insert(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(recordings.count == 1, "\(recordings.count) different recordings from four runs of \(arguments)")
    }
}
