import AsyncDemoCore
@testable import ConcurrencyProbe
import Testing
import TestSupport

/// `Probe.taskGroup`: its children are tracked tasks under the group's task, the dashboard may
/// cancel one alone, and the group's end is recorded after theirs.
@Suite struct ProbeTaskGroupTests {
    @Test func test_a_groups_children_are_tasks_under_it_and_a_cancel_from_the_dashboard_ends_one_alone() async throws {
        // Given a group of two children under a tracked task, one sleeping, one waiting for a flag
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let release = Flag()
        let crawler = probe.task("crawler") {
            try await probe.taskGroup("crawl", of: String.self) { group in
                group.addTask("fetch 1") {
                    try await Task.sleep(for: .seconds(600))
                    return "1"
                }
                group.addTask("fetch 2") {
                    await waitFor(release)
                    return "2"
                }
                var results: [String] = []
                while true {
                    do {
                        guard let result = try await group.next() else { break }
                        results.append(result)
                    } catch is CancellationError {
                        results.append("cancelled")
                    }
                }
                return results
            }
        }
        let (outer, group, first, second) = (TaskID(rawValue: 1), TaskID(rawValue: 2), TaskID(rawValue: 3), TaskID(rawValue: 4))
        await eventually("both children to be live") { probe.registry.liveTaskCount == 4 }
        // When the dashboard cancels the first child
        #expect(probe.registry.cancel(first))
        await eventually("the first child to end") { probe.registry.liveTaskCount == 3 }
        // Then it alone ended: the other runs on until it is done
        release.value.store(true, ordering: .relaxed)
        #expect(try await crawler.value == ["cancelled", "2"])
        let kinds = probe.drainedEvents().map(\.kind)
        #expect(kinds.contains(.taskSpawned(task: group, name: "crawl", kind: "group", parent: outer)))
        #expect(kinds.contains(.taskSpawned(task: first, name: "fetch 1", kind: "task", parent: group)))
        #expect(kinds.contains(.taskSpawned(task: second, name: "fetch 2", kind: "task", parent: group)))
        let firstEnd = try #require(kinds.firstIndex(of: .taskFinished(task: first, state: .cancelled)))
        let secondEnd = try #require(kinds.firstIndex(of: .taskFinished(task: second, state: .completed)))
        let groupEnd = try #require(kinds.firstIndex(of: .taskFinished(task: group, state: .completed)))
        #expect(firstEnd < secondEnd)
        #expect(secondEnd < groupEnd)
        #expect(kinds.contains(.taskFinished(task: outer, state: .completed)))
        #expect(probe.registry.liveTaskCount == 0)
    }

    @Test func test_a_cancel_of_the_group_from_the_dashboard_cancels_each_child_it_runs() async throws {
        // Given a group of two children that would sleep for ten minutes
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let crawler = probe.task("crawler") {
            try await probe.taskGroup("crawl", of: String.self) { group in
                for index in 1...2 {
                    group.addTask("fetch \(index)") {
                        try await Task.sleep(for: .seconds(600))
                        return "\(index)"
                    }
                }
                var cancelled = 0
                while true {
                    do {
                        guard try await group.next() != nil else { break }
                    } catch is CancellationError {
                        cancelled += 1
                    }
                }
                return cancelled
            }
        }
        let group = TaskID(rawValue: 2)
        await eventually("both children to be live") { probe.registry.liveTaskCount == 4 }
        // When the dashboard cancels the group's own task
        #expect(probe.registry.cancel(group))
        // Then both children end cancelled, and the group, its body done, completes
        #expect(try await crawler.value == 2)
        let kinds = probe.drainedEvents().map(\.kind)
        #expect(kinds.contains(.taskFinished(task: TaskID(rawValue: 3), state: .cancelled)))
        #expect(kinds.contains(.taskFinished(task: TaskID(rawValue: 4), state: .cancelled)))
        #expect(kinds.contains(.taskFinished(task: group, state: .completed)))
        // And once it has ended there is nothing left to cancel
        #expect(!probe.registry.cancel(group))
    }

    @Test func test_a_childs_error_fails_the_group_and_cancels_the_other_children() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "broken" } }
        let probe = Probe(program: "test")
        _ = probe.ring.attach()
        let outcome = await #expect(throws: Broken.self) {
            try await probe.taskGroup("batch", of: Void.self) { group in
                group.addTask("sleeper") { try await Task.sleep(for: .seconds(600)) }
                group.addTask("breaker") { throw Broken() }
                while try await group.next() != nil {}
            }
        }
        #expect(outcome != nil)
        let kinds = probe.drainedEvents().map(\.kind)
        let (group, sleeper, breaker) = (TaskID(rawValue: 1), TaskID(rawValue: 2), TaskID(rawValue: 3))
        #expect(kinds.contains(.taskSpawned(task: group, name: "batch", kind: "group", parent: nil)))
        #expect(kinds.contains(.taskFinished(task: breaker, state: .failed("broken"))))
        #expect(kinds.contains(.taskFinished(task: sleeper, state: .cancelled)))
        #expect(kinds.last == .taskFinished(task: group, state: .failed("broken")))
        #expect(probe.registry.liveTaskCount == 0)
        // And a cancel for a child that has ended is refused, as for any task that has ended
        #expect(!probe.registry.cancel(sleeper))
    }
}
