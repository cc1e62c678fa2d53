import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// The run's history (the lanes the breakdowns add up) is folded from the event log apart from
/// the task board; at every frame the two must tell the same story, or the breakdown in the
/// task detail and the Tasks pane's columns would contradict the STATE and AGE beside them.
@Suite("Run history agrees with the board", .timeLimit(.minutes(5)))
struct HistoryAgreementTests {
    @Test func at_every_frame_each_tasks_lane_is_in_its_board_state_and_its_breakdown_adds_up_to_its_age() async {
        var settings = ScenarioSettings()
        settings.seed = 5
        settings.failurePercent = 10
        settings.retention = .seconds(5)
        // Jobs spawned, permits changed, a worker stopped, tasks cancelled: every kind of change.
        let keys = HeadlessRun.parseKeys("<Wait:2>sss<Wait:2>-<Wait:3>jjc<Wait:2>W++<Wait:3>ss<Wait:4>jc<Wait:10>")!
        var frames = 0, liveChecked = 0, finishedChecked = 0
        var activitiesSeen = Set<LaneActivity>()
        var mismatches: [String] = []
        _ = await HeadlessRun.run(
            settings: settings, after: .seconds(5), keys: keys, size: Size(width: 120, height: 36),
            theme: .monochrome, log: .activity
        ) { frame, _ in
            frames += 1
            let at = "at \(frame.instant.sinceStart)"
            for task in frame.tasks.live {
                liveChecked += 1
                guard let lane = frame.history.lanes[task.id] else {
                    mismatches.append("\(at): live \(task.name) #\(task.id.rawValue) has no lane")
                    continue
                }
                let activity = lane.activity(at: frame.instant)
                if activity != LaneActivity(task.state) {
                    mismatches.append("\(at): \(task.name) is \(task.state) on the board, \(String(describing: activity)) in its lane")
                }
                if let activity { activitiesSeen.insert(activity) }
                let total = lane.breakdown(at: frame.instant).total, age = frame.instant - task.createdAt
                if total != age { mismatches.append("\(at): \(task.name)'s breakdown adds up to \(total), its age is \(age)") }
                if lane.spawnedAt != task.createdAt {
                    mismatches.append("\(at): \(task.name) spawned at \(lane.spawnedAt) in its lane, \(task.createdAt) on the board")
                }
            }
            for task in frame.tasks.recentlyFinished {
                guard let lane = frame.history.lanes[task.id] else { continue }
                finishedChecked += 1
                if lane.ending?.state != LaneEnding(task.state) || lane.ending?.at != task.stateSince {
                    mismatches.append("\(at): \(task.name) ended \(task.state) at \(task.stateSince), its lane \(String(describing: lane.ending))")
                }
                let total = lane.breakdown(at: frame.instant).total, lived = task.stateSince - task.createdAt
                if total != lived { mismatches.append("\(at): finished \(task.name) adds up to \(total), lived \(lived)") }
            }
        }
        #expect(frames > 300, "every tick of the run is a frame")
        #expect(liveChecked > 3_000 && finishedChecked > 100, "\(liveChecked) live, \(finishedChecked) finished rows checked")
        #expect(activitiesSeen.isSuperset(of: [.running, .sleeping, .io, .waitingForPermit, .blockedOnFullQueue]),
                "\(activitiesSeen)")
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }
}
