import Locking
import Testing

@testable import Dashboard

/// The watcher behind `r`: it offers a namesake that starts after the attached program exited,
/// not one that was running beside it all along.
@Suite("Reattach watcher", .timeLimit(.minutes(1)))
struct ReattacherTests {
    @Test func a_namesake_running_at_the_first_look_is_not_offered_and_the_next_one_to_appear_is() async {
        let beside = ReattachTarget(pid: 10, socketPath: "/probes/10-shop.sock")
        let restarted = ReattachTarget(pid: 11, socketPath: "/probes/11-shop.sock")
        let looks = LockedState(0)
        let reattacher = Reattacher(
            interval: .milliseconds(1),
            namesakes: { program, pid in
                #expect(program == "shop" && pid == 9)
                let look = looks.withLock { count in
                    count += 1
                    return count
                }
                return look < 3 ? [beside] : [beside, restarted]
            },
            connect: { _ in throw CancellationError() })
        let found = await reattacher.watch(program: "shop", pid: 9)
        #expect(found == restarted)
        #expect(looks.withLock { $0 } == 3)
    }

    @Test func a_cancelled_watch_returns_nothing() async {
        let reattacher = Reattacher(interval: .milliseconds(1), namesakes: { _, _ in [] }, connect: { _ in throw CancellationError() })
        let watching = Task { await reattacher.watch(program: "shop", pid: 9) }
        watching.cancel()
        #expect(await watching.value == nil)
    }
}
