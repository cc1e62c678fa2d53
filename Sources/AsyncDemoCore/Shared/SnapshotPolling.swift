/// A newest-only stream of snapshots, coalesced: however many changes happen, at most one
/// snapshot is built per `interval`, and none while nothing changed.
///
/// Why polling a version number rather than pushing on every change: the hot paths (a grant, a
/// send) then pay nothing but a counter increment, and the cost of publishing is bounded by the
/// tick rate, not by the rate of change. The stream ends when the consumer stops iterating.
func coalescedSnapshots<Snapshot: Sendable>(
    interval: Duration,
    version: @escaping @Sendable () async -> UInt64,
    build: @escaping @Sendable () async -> (version: UInt64, snapshot: Snapshot)
) -> AsyncStream<Snapshot> {
    let (stream, continuation) = AsyncStream.makeStream(
        of: Snapshot.self, bufferingPolicy: .bufferingNewest(1))
    let publisher = Task {
        var published: UInt64?
        while !Task.isCancelled {
            if await version() != published {
                let (builtVersion, snapshot) = await build()
                published = builtVersion
                continuation.yield(snapshot)
            }
            // A cancelled sleep throws; the loop condition then ends the stream.
            try? await Task.sleep(for: interval)
        }
        continuation.finish()
    }
    continuation.onTermination = { _ in publisher.cancel() }
    return stream
}
