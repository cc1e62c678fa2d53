import AsyncDemoCore
import Locking
import TestSupport
import Testing

@testable import Lessons

@Suite("Scene marks: one order, handed over outside the lock")
struct SceneMarkOrderTests {
    /// The scene's closure runs with no lock held: one that marks again (as a closure that
    /// yields to a stream whose reader marks might) is not deadlocked, and its mark comes after
    /// the one being handed over.
    @Test func a_mark_made_while_a_mark_is_handed_over_follows_it() async throws {
        let context = LockedState<LessonContext?>(nil)
        let handedOver = LockedState<[Int]>([])
        let (controls, _) = AsyncStream.makeStream(of: LessonControl.self)
        let link = SceneLink(marks: { mark in
            guard case .generated(let value) = mark.kind else { return }
            handedOver.withLock { $0.append(value) }
            if value < 3 { context.withLock { $0 }?.mark(.generated(value + 1)) }
        }, controls: controls)
        // Waited for with a deadline: under a lock held while handing over, the nested mark
        // deadlocks the lesson's thread, and the test should fail, not hang.
        let run = Task {
            _ = try await inVirtualTime(scene: link) { lesson in
                context.withLock { $0 = lesson }
                lesson.mark(.generated(1))
            }
        }
        await eventually("three marks handed over") { handedOver.withLock { $0.count } == 3 }
        #expect(handedOver.withLock { $0 } == [1, 2, 3])
        if handedOver.withLock({ $0.count }) == 3 { try await run.value }
    }

    /// Tasks on several threads read a counter and mark it: the scene gets the readings in the
    /// order they were read, so the last it gets is the newest, never a stale one.
    @Test func readings_marked_from_many_threads_arrive_in_the_order_they_were_read() async throws {
        let counter = LockedState(0)
        let handedOver = LockedState<[Int]>([])
        let (controls, _) = AsyncStream.makeStream(of: LessonControl.self)
        let link = SceneLink(marks: { mark in
            guard case .gauge(_, let value, _, _) = mark.kind else { return }
            handedOver.withLock { $0.append(value) }
        }, controls: controls)
        let tasks = 8, marksEach = 500
        try await LessonRunner.run(on: .realTime(speed: 1), scene: link, sink: { _ in }) { lesson in
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        for _ in 0..<marksEach {
                            counter.withLock { $0 += 1 }
                            lesson.mark { .gauge(label: "count", value: counter.withLock { $0 }, limit: tasks * marksEach, note: "") }
                            await Task.yield()
                        }
                    }
                }
            }
        }
        let readings = handedOver.withLock { $0 }
        #expect(readings.count == tasks * marksEach)
        #expect(readings == readings.sorted(), "handed over in the order read")
        #expect(readings.last == tasks * marksEach)
    }
}
