import Foundation
import TestSupport
import Testing

/// Issue 13, point 17: minutes of random keys at 30 a second, with resizes between 20x6 and
/// 250x70 and a followed file rotated every second. Runs when SOAK_MINUTES is set (`.ci/run`
/// sets 2; 10 for the long soak); SOAK_SEED replays a run, whose seed the test always prints.
/// In the one serialized end-to-end suite, for the reason ScenarioEndToEndTests gives.
extension DashboardEndToEndTests {
    static let soakMinutes = ProcessInfo.processInfo.environment["SOAK_MINUTES"].flatMap(Double.init)

    @Test(.enabled(if: soakMinutes != nil, "set SOAK_MINUTES (minutes) to run the soak"), .timeLimit(.minutes(30)))
    func soak_random_keys_resizes_and_rotations_crash_nothing_hang_nothing_and_keep_memory_flat() async throws {
        let minutes = try #require(Self.soakMinutes)
        let seed = ProcessInfo.processInfo.environment["SOAK_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("soak: seed \(seed) (replay with SOAK_SEED=\(seed) SOAK_MINUTES=\(minutes))")
        var random = SeededRandom(seed: seed)
        var walk = SoakKeyWalk(random: SeededRandom(seed: seed &+ 1))

        let folder = try PrivateFolder("adt-activity-soak")
        defer { folder.remove() }
        var followed = SoakFollowedFile(path: folder.path + "/followed.log")
        try followed.create()
        // The Log pane keeps the last 10,000 lines: full before the warm-up ends, so that its
        // filling is not counted as growth.
        try followed.append(lines: 12_000)
        let session = try TmuxSession(width: 120, height: 36, script: TmuxSession.wrapped(
            "--follow '\(followed.path)' --log-file '\(folder.path)/activity.log' --seed \(seed)"))
        try await session.waitFor(text: "┌ Tasks ")
        let pid = try #require(session.programPID())
        try await visitEveryScreen(session)

        var invariants = SoakInvariants()
        var keysSent = 0, decreasesSent = 0, resizes = 0
        let started = ContinuousClock.now
        let duration = Duration.seconds(minutes * 60)
        // The warm-up lasts at least a quarter of the soak and until the event log is full (the
        // header says "events dropped"): its ring of 200,000 events, up to 5 MB, fills in the
        // first minutes, and a bounded buffer filling is not growth. The soak's `duration` of
        // keys is measured after it; a log still not full after five minutes is said.
        let warmUp = duration / 4, longestWarmUp = Duration.seconds(300)
        var eventLogFull = false, measuredSince = started
        var afterWarmUp: SoakProcessUsage?
        var peakResident = 0, samples = 0
        /// RSS in MB every 10 s, printed with the figures so a failure shows when memory grew.
        var residentTrace: [Int] = []
        var nextResize = started + .seconds(3), nextRotation = started + .seconds(1), nextSample = started + .seconds(1)
        var tick = 0
        while afterWarmUp == nil || ContinuousClock.now - measuredSince < duration {
            // 30 keys a second, three at a time every 100 ms.
            let keys = (0..<3).map { _ in walk.next() }
            try session.sendCommand(["send-keys", "-t", session.target] + keys)
            keysSent += keys.count
            try followed.append(lines: 20)
            if tick % 50 == 49 {
                // Every 5 s a setting changes, at the grid so that the key lands (see SoakKeyWalk).
                for _ in 0..<3 {
                    try session.sendKeys("Escape")
                    try await Task.sleep(for: .milliseconds(120))
                }
                let step = walk.settingStep()
                try session.sendCommand(["send-keys", "-t", session.target, step])
                keysSent += 4
                if step == "-" { decreasesSent += 1 }
            }
            let now = ContinuousClock.now
            if now >= nextRotation {
                try followed.rotate()
                nextRotation = now + .seconds(1)
            }
            if now >= nextResize {
                try session.resize(width: Int.random(in: 20...250, using: &random), height: Int.random(in: 6...70, using: &random))
                resizes += 1
                nextResize = now + .milliseconds(Int64.random(in: 2000...5000, using: &random))
            }
            if now >= nextSample {
                let usage = try #require(SoakProcessUsage(pid: pid), "the program is gone after \(keysSent) keys:\n\(session.capture())")
                peakResident = max(peakResident, usage.residentBytes)
                if samples % 10 == 0 { residentTrace.append(usage.residentBytes / 1_048_576) }
                samples += 1
                if afterWarmUp == nil, now - started >= warmUp, eventLogFull || now - started >= longestWarmUp {
                    afterWarmUp = usage
                    measuredSince = now
                }
                nextSample = now + .seconds(1)
            }
            if tick % 2 == 0 {
                let screen = session.capture()
                if screen.contains(" events dropped") { eventLogFull = true }
                invariants.check(screen, decreasesSent: decreasesSent)
            }
            tick += 1
            try await Task.sleep(until: started + .milliseconds(100 * Int64(tick)), clock: .continuous)
        }
        let end = try #require(SoakProcessUsage(pid: pid), "the program is gone at the end:\n\(session.capture())")
        let measuredSeconds = Double((ContinuousClock.now - measuredSince).components.seconds)
        let warmUpSeconds = Double((measuredSince - started).components.seconds)

        try await settle(session)
        let settled = try await session.waitFor("no more permits held than there are", timeout: .seconds(60)) {
            SoakInvariants.heldWithinPermits($0) == true
        }
        invariants.check(settled, decreasesSent: decreasesSent)
        try session.sendKeys("q")
        try await expectRestored(session, status: 0)

        let warm = try #require(afterWarmUp)
        let growth = Double(end.residentBytes) / Double(warm.residentBytes) - 1
        let cpu = (end.cpuSeconds - warm.cpuSeconds) / measuredSeconds * 100
        print("""
            soak: \(minutes) min, seed \(seed): \(keysSent) keys, \(resizes) resizes, \(followed.rotations) rotations, \
            \(followed.linesWritten) lines followed; warm-up \(Int(warmUpSeconds)) s (event log \(eventLogFull ? "full" : "not yet full")); \
            RSS after warm-up \(warm.megabytes), at the end \(end.megabytes) \
            (\(String(format: "%+.1f", growth * 100)) %), peak \(String(format: "%.1f MB", Double(peakResident) / 1_048_576)); \
            CPU after warm-up \(String(format: "%.1f", cpu)) % of a core; invariants read on \(invariants.queueReadings) \
            queue and \(invariants.permitReadings) permit screens, \(invariants.violations.count) broken; \
            RSS every 10 s (MB): \(residentTrace.map(String.init).joined(separator: " "))
            """)
        #expect(invariants.violations.isEmpty, "seed \(seed): \(invariants.violations.prefix(5))")
        #expect(invariants.queueReadings > 0 && invariants.permitReadings > 0, "seed \(seed): the invariants were never on screen")
        #expect(growth < 0.10, "seed \(seed): RSS grew \(Int(growth * 100)) % after the warm-up")
        let activity = try String(contentsOfFile: folder.path + "/activity.log", encoding: .utf8)
        #expect(!activity.contains("conservation broken"), "seed \(seed): the program logged a broken queue")
    }

    /// Part of the warm-up: RSS counts the program's code and libraries as they are first run,
    /// so each scene (from the lesson menu, which keeps its place), the help, a task's detail
    /// and the filter prompt are shown once before the figures start.
    private func visitEveryScreen(_ session: TmuxSession) async throws {
        let pause = Duration.milliseconds(300)
        for example in 0..<24 {
            try session.sendKeys("m")
            try await Task.sleep(for: pause)
            if example > 0 { try session.sendKeys("j") }
            try session.sendKeys("Enter")
            try await Task.sleep(for: pause)
            try session.sendKeys("Escape")
            try await Task.sleep(for: pause)
        }
        for keys in [["?"], ["Escape"], ["s"], ["j", "Enter"], ["Escape"], ["/", "x", "Enter"], ["Escape"]] {
            try session.sendCommand(["send-keys", "-t", session.target] + keys)
            try await Task.sleep(for: pause)
        }
    }

    /// Back to a known screen: the grid at 120x36, no overlay, prompt or scene, running at 10x so
    /// that held permits beyond the count (after `-`) are given back soon.
    private func settle(_ session: TmuxSession) async throws {
        try session.resize(width: 120, height: 36)
        for _ in 0..<4 {
            try session.sendKeys("Escape")
            try await Task.sleep(for: .milliseconds(150))
        }
        try await session.waitFor("the dashboard's grid") { $0.contains("┌ Queue ") && $0.contains("┌ Workers ") }
        if session.capture().contains(" PAUSED") {
            try session.sendKeys("Space")
            try await session.waitFor("the clock to run") { !$0.contains(" PAUSED") }
        }
        for _ in 0..<7 { try session.sendKeys("X") }
        try await session.waitFor(text: "speed ×10")
    }
}
