import AsyncDemoCore
import Lessons
import Locking
import Testing

/// Stands in for a scene's task board: records each named task an example reports and every
/// state it reports, and can cancel one as the board's `c` does.
final class RecordingTracker: Sendable {
    struct Tracked: Sendable {
        let id: TaskID
        let name: String
        let parent: TaskID?
        var states: [TaskState] = []
    }

    private struct State {
        var tasks: [Tracked] = []
        var cancels: [TaskID: @Sendable () -> Void] = [:]
    }

    private let state = LockedState(State())
    /// Called with each report after it is recorded (outside the lock), to act at a given moment.
    private let onReport: @Sendable (RecordingTracker, Tracked) -> Void

    init(onReport: @escaping @Sendable (RecordingTracker, Tracked) -> Void = { _, _ in }) {
        self.onReport = onReport
    }

    var tasks: [Tracked] { state.withLock { $0.tasks } }

    func named(_ name: String) -> [Tracked] { tasks.filter { $0.name == name } }

    func cancel(_ id: TaskID) {
        state.withLock { $0.cancels[id] }?()
    }

    var tracker: LessonTaskTracker {
        LessonTaskTracker(
            begin: { [self] name, parent, cancel in
                state.withLock { state in
                    let id = TaskID(rawValue: UInt64(state.tasks.count + 1))
                    state.tasks.append(Tracked(id: id, name: name, parent: parent))
                    state.cancels[id] = cancel
                    return id
                }
            },
            report: { [self] id, reported in
                let task = state.withLock { state in
                    let index = Int(id.rawValue) - 1
                    state.tasks[index].states.append(reported)
                    return state.tasks[index]
                }
                onReport(self, task)
            })
    }

    /// Whether every task's reports are moves the board allows, from created to a final state.
    var everyTaskMovedLegallyToAnEnd: Bool {
        tasks.allSatisfy { task in
            var current = TaskState.created
            for next in task.states {
                guard current.canTransition(to: next) else { return false }
                current = next
            }
            return current.isFinished
        }
    }
}

/// A scene's example reports its named child tasks with the states they are really in, and the
/// tracking changes nothing of what the example does or says.
@Suite("Lesson tasks tracked for the scene")
struct LessonTaskTrackerTests {
    private func tracked<Result: Sendable>(
        _ recorder: RecordingTracker, _ body: @escaping @Sendable (LessonContext) async throws -> Result
    ) async throws -> (Result, Transcript) {
        let transcript = Transcript()
        let result = try await LessonRunner.runInVirtualTime(
            settings: LessonSettings(largeFileBytes: 20_000_000), tracker: recorder.tracker, sink: transcript.sink, body)
        return (result, transcript)
    }

    @Test func a_worker_shows_waiting_only_when_no_permit_was_free_and_sleeping_while_it_works() async throws {
        let recorder = RecordingTracker()
        let (outcome, transcript) = try await tracked(recorder) { try await SemaphoreAndQueue.runSemaphore($0, workers: 10, permits: 3) }
        #expect(recorder.tasks.map(\.name) == (1...10).map { "worker \($0)" })
        #expect(recorder.tasks.allSatisfy { $0.parent == nil }, "each is the lesson task's own child")
        for worker in 1...3 {
            #expect(recorder.named("worker \(worker)").first?.states == [.running, .suspended(.sleep), .running, .completed])
        }
        for worker in 4...10 {
            #expect(recorder.named("worker \(worker)").first?.states
                    == [.running, .waiting(.semaphore), .running, .suspended(.sleep), .running, .completed])
        }
        let (untracked, plain) = try await inVirtualTime { try await SemaphoreAndQueue.runSemaphore($0, workers: 10, permits: 3) }
        #expect(transcript.all == plain.all, "tracking changes nothing the example says")
        #expect(outcome.elapsed == untracked.elapsed && outcome.peakHolders == untracked.peakHolders
                && outcome.waitingOnceAllAsked == untracked.waitingOnceAllAsked)
    }

    @Test func a_failing_child_shows_failed_and_the_siblings_it_cut_short_cancelled() async throws {
        let recorder = RecordingTracker()
        let (_, transcript) = try await tracked(recorder, ErrorPropagation.run)
        func endings(_ name: String) -> [TaskState?] { recorder.named(name).map(\.states.last) }
        // The fail-fast group, then the collect-everything group.
        #expect(endings("quick") == [.completed, .completed])
        #expect(endings("flaky") == [.failed("flaky is down"), .failed("flaky is down")])
        #expect(endings("slow") == [.cancelled, .completed])
        #expect(recorder.everyTaskMovedLegallyToAnEnd)
        let (_, plain) = try await inVirtualTime(ErrorPropagation.run)
        #expect(transcript.all == plain.all)
    }

    @Test func jobs_awaited_one_by_one_are_no_tasks_of_their_own_and_the_concurrent_ones_are() async throws {
        let recorder = RecordingTracker()
        let (outcome, _) = try await tracked(recorder, SequentialVsConcurrent.run)
        #expect(recorder.tasks.map(\.name) == ["job A", "job B", "job C"], "only the group's three")
        #expect(recorder.tasks.allSatisfy { $0.states == [.running, .suspended(.sleep), .running, .completed] })
        #expect(outcome.sequential == .seconds(6) && outcome.concurrent == .seconds(3))
    }

    @Test func cancelling_a_tracked_task_cancels_the_task_itself() async throws {
        // Cancelled as a person would press `c` on it: while job B sleeps.
        let recorder = RecordingTracker { recorder, task in
            if task.name == "job B", task.states == [.running, .suspended(.sleep)] { recorder.cancel(task.id) }
        }
        await #expect(throws: CancellationError.self) { _ = try await tracked(recorder, SequentialVsConcurrent.run) }
        #expect(recorder.named("job B").first?.states == [.running, .suspended(.sleep), .running, .cancelled])
        // `waitForAll` lets the siblings finish before it rethrows B's cancellation.
        #expect(recorder.named("job A").first?.states.last == .completed)
        #expect(recorder.named("job C").first?.states.last == .completed)
        #expect(recorder.everyTaskMovedLegallyToAnEnd)
    }

    @Test func a_producer_shows_waiting_for_room_as_often_as_it_found_the_queue_full() async throws {
        let recorder = RecordingTracker()
        let (outcome, _) = try await tracked(recorder) { try await SemaphoreAndQueue.runProducerConsumer($0) }
        let waitsForRoom = recorder.tasks.filter { $0.name.hasPrefix("producer") }
            .map { $0.states.filter { $0 == .waiting(.queueFull) }.count }.reduce(0, +)
        #expect(outcome.waitsForRoom > 0 && waitsForRoom == outcome.waitsForRoom)
        // The consumers start before the first item is made: each waits for one first.
        for consumer in 1...3 {
            #expect(recorder.named("consumer \(consumer)").first?.states.prefix(2) == [.running, .waiting(.queueEmpty)])
        }
        #expect(recorder.everyTaskMovedLegallyToAnEnd)
    }

    @Test func a_task_named_inside_a_named_task_is_its_child() async throws {
        let recorder = RecordingTracker()
        _ = try await tracked(recorder) { try await TreeSearch.run($0) }
        let search = try #require(recorder.named("search").first)
        #expect(search.parent == nil)
        let byID = Dictionary(uniqueKeysWithValues: recorder.tasks.map { ($0.id, $0) })
        let topLevel = recorder.tasks.filter { $0.parent == search.id }.map(\.name)
        #expect(Set(topLevel) == ["dir0", "dir1", "dir2", "file0.txt", "file1.txt", "file2.txt", "file3.txt", "file4.txt"])
        // A file three directories down sits under those three, under the search.
        let deep = try #require(recorder.tasks.first { task in
            var depth = 0, parent = task.parent
            while let id = parent, id != search.id { depth += 1; parent = byID[id]?.parent }
            return depth == 3 && task.name.hasSuffix(".txt")
        })
        #expect(deep.states.contains(.suspended(.io)), "it reads its file on a blocking-work thread")
        #expect(recorder.everyTaskMovedLegallyToAnEnd)
    }
}
