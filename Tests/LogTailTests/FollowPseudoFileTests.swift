import Foundation
import Testing
@testable import LogTail

/// procfs and sysfs files report size 0 and still read as text: a read past the reported size
/// is not a truncation, and such a file must not be read again and again.
@Suite("Following: files that report size 0 (procfs)")
struct FollowPseudoFileTests {
    private static let hasProcVersion = FileManager.default.isReadableFile(atPath: "/proc/version")

    @Test(.enabled(if: hasProcVersion), arguments: [FollowOptions.ChangeDetection.automatic, .polling])
    func proc_file_is_read_once_and_then_waited_on(_ detection: FollowOptions.ChangeDetection) async throws {
        var options = FollowOptions.testDefaults
        options.changeDetection = detection
        let harness = FollowHarness(path: "/proc/version", options: options)
        await harness.waitUntil("the version line") { $0.lines.count >= 1 }
        // Several wake-ups (polls), or a quiet while with inotify; then the same single line.
        let wakeUps = harness.diagnostics.wakeUps
        if detection == .polling {
            #expect(await eventually { harness.diagnostics.wakeUps >= wakeUps + 3 })
        } else {
            try await Task.sleep(for: .milliseconds(300))
        }
        // Each wake-up reads once (and finds nothing new); a loop reads without waking.
        let reads = harness.diagnostics.reads
        let allWakeUps = harness.diagnostics.wakeUps  // read after: it can only have grown
        #expect(harness.snapshot.lines.count == 1)
        #expect(harness.snapshot.notices.isEmpty)
        #expect(harness.snapshot.texts.first?.hasPrefix("Linux version") == true)
        #expect(reads <= 2 * (allWakeUps + 2), "\(reads) reads for \(allWakeUps) wake-ups: a read loop")
        await harness.stop()
    }

    @Test(.enabled(if: hasProcVersion))
    func end_of_a_proc_file_is_its_real_end_not_its_reported_size() async throws {
        var options = FollowOptions.testDefaults
        options.startPosition = .end
        let harness = FollowHarness(path: "/proc/version", options: options)
        await harness.waitUntilWatching()
        try await Task.sleep(for: .milliseconds(100))
        #expect(harness.snapshot.lines.isEmpty)
        await harness.stop()
    }
}
