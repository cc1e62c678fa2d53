import AsyncDemoCore
import Foundation
import ProbeClient
import Simulation
import Testing
import TestSupport

/// A dashboard that attaches to probe-sample after its holder took its permit, its line formed
/// and its reader began to wait (it prints its socket only then) is told all of it at once, and
/// may cancel one child of its task group.
@Suite("Attaching late to a probed program", .serialized, .timeLimit(.minutes(3)))
struct ProbeSamplePresentTests {
    struct Seen {
        var resources = ResourcesSnapshot()
        var board = TaskStatesFold()
        var names: [String: TaskID] = [:]
        var problem: String?
        var childCancelled = false
    }

    @Test func test_a_late_dashboard_sees_the_holder_the_line_in_order_each_queues_receivers_the_states_and_cancels_one_child() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let seen = try await ProbeSample.with(socketFolder: scratch.path + "/probes", scratch: scratch) { sample in
            let connection = try await ProbeConnection.connect(to: sample.socketPath)
            defer { connection.close() }
            var seen = Seen()
            var resources = ResourcesFold()
            var askedCancel = false
            for try await event in connection.events {
                resources.apply(event)
                do {
                    try seen.board.apply(event)
                } catch {
                    seen.problem = "\(error)"
                    break
                }
                if case .taskSpawned(let task, let name, _, _) = event.kind { seen.names[name] = task }
                if case .taskFinished(let task, .cancelled) = event.kind, task == seen.names["fetch 1"] {
                    seen.childCancelled = true
                    seen.resources = resources.snapshot(at: event.at)
                    break
                }
                // Those tasks hold and wait for good: only the present can have told them.
                let now = resources.snapshot(at: event.at)
                let lock = now.semaphores.first { $0.name == "lock" }?.semaphore
                if !askedCancel, lock?.holders.count == 1, lock?.waiterCount == 2, let child = seen.names["fetch 1"] {
                    askedCancel = true
                    #expect(connection.cancel(child))
                }
                if event.at.sinceStart > .seconds(20) { break }
            }
            return seen
        }
        #expect(seen.problem == nil)
        let task = { (name: String) in seen.names[name] ?? TaskID(rawValue: 0) }
        let lock = try #require(seen.resources.semaphores.first { $0.name == "lock" }?.semaphore)
        #expect(lock.holders == [task("holder")])
        #expect(lock.waiters.map(\.owner) == [task("line-1"), task("line-2")])
        #expect(lock.waiters.allSatisfy { $0.waited > .zero })
        let queues = Dictionary(uniqueKeysWithValues: seen.resources.queues.map { ($0.name, $0) })
        #expect(queues["mail"]?.queue.blockedReceivers == 1)
        #expect(queues["mail"]?.depth == 0)
        #expect(queues["jobs"]?.queue.capacity == 8)
        #expect(queues["jobs"]?.queue.blockedReceivers == 0)
        // The states as they are, not 'running' for all
        #expect(seen.board.live[task("line-1")]?.state == .waiting(.semaphore))
        #expect(seen.board.live[task("reader")]?.state == .waiting(.queueEmpty))
        #expect(seen.board.live[task("holder")]?.state == .running)
        // One child cancelled; its sibling and the group live on
        #expect(seen.childCancelled)
        #expect(seen.board.live[task("fetch 2")]?.parent == task("crawl"))
        #expect(seen.board.live[task("crawl")]?.parent == task("crawler"))
    }
}
