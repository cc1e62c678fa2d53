/// A newest-only stream of snapshots, coalesced: however many changes happen, at most one
/// snapshot is built per `interval`, and none while nothing changed.
///
/// Why a version number plus a change signal rather than pushing on every change: the hot paths
/// (a grant, a send) pay only a counter increment and one atomic load, and the cost of publishing
/// is bounded by the tick rate, not by the rate of change. Between changes the publisher parks on
/// `changes` instead of polling, so an idle dashboard is not woken 20 times a second. The stream
/// ends when the consumer stops iterating.
package func coalescedSnapshots<Snapshot: Sendable>(
    interval: Duration,
    changes: ChangeSignal,
    version: @escaping @Sendable () async -> UInt64,
    build: @escaping @Sendable () async -> (version: UInt64, snapshot: Snapshot)
) -> AsyncStream<Snapshot> {
    let (stream, continuation) = AsyncStream.makeStream(
        of: Snapshot.self, bufferingPolicy: .bufferingNewest(1))
    let publisher = Task {
        var published: UInt64?
        while !Task.isCancelled {
            // Armed before the version is read, so a change right after the read still wakes us.
            let slot = changes.arm()
            if await version() != published {
                changes.disarm(slot: slot)
                let (builtVersion, snapshot) = await build()
                published = builtVersion
                continuation.yield(snapshot)
                // The rate limit: changes during this sleep are picked up by the next version read.
                // A cancelled sleep throws; the loop condition then ends the stream.
                try? await Task.sleep(for: interval)
            } else {
                await changes.wait(slot: slot)
            }
        }
        continuation.finish()
    }
    continuation.onTermination = { _ in publisher.cancel() }
    return stream
}
