import AsyncDemoCore

/// A crawl of a generated link graph: breadth first to a depth limit, each URL fetched once, at
/// most N fetches at a time, and each host given a politeness delay between requests.
public enum Crawler {
    public struct Fetch: Sendable {
        public let url: String
        public let depth: Int
        public let startedAt: Duration
    }

    public struct Outcome: Sendable {
        public let graph: LinkGraph
        public let maxDepth: Int
        public let fetches: [Fetch]
        public let peakConcurrent: Int
        public let concurrencyLimit: Int
        public let politenessDelay: Duration
    }

    /// When each host may next be asked: reserving a slot pushes the next one `delay` later.
    actor PolitenessSchedule {
        private var nextFree: [String: Duration] = [:]
        let delay: Duration

        init(delay: Duration) { self.delay = delay }

        func reserve(_ host: String, now: Duration) -> Duration {
            let slot = max(now, nextFree[host] ?? .zero)
            nextFree[host] = slot + delay
            return slot
        }
    }

    public static func run(_ context: LessonContext, maxDepth: Int = 3, limit: Int = 4,
                           politenessDelay: Duration = .milliseconds(500)) async throws -> Outcome {
        let graph = LinkGraph(seed: context.settings.seed)
        let permits = AsyncSemaphore(permits: limit)
        let schedule = PolitenessSchedule(delay: politenessDelay)
        let inFlight = Recorded((now: 0, peak: 0))
        var visited: Set<String> = [graph.root]
        var fetches: [Fetch] = []
        var frontier = [graph.root]
        context.say("crawling from \(graph.root), depth \(maxDepth), at most \(limit) fetches at a time, \(Narrator.seconds(politenessDelay)) s between requests to a host")
        for depth in 0...maxDepth where !frontier.isEmpty {
            let level = try await withThrowingTaskGroup(of: (Fetch, [String]).self) { group in
                for url in frontier {
                    group.addTask {
                        try await context.task(url) { try await context.withPermit(of: permits) {
                            let slot = await schedule.reserve(LinkGraph.host(of: url), now: context.clock.elapsed)
                            try await context.clock.sleep(until: .init(sinceStart: slot))
                            @Sendable func count(by change: Int) {
                                // Marked under the count's lock, so the gauge's last mark is the last count.
                                inFlight.update {
                                    $0.now += change
                                    $0.peak = max($0.peak, $0.now)
                                    context.mark(.gauge(label: "fetching", value: $0.now, limit: limit, note: "depth \(depth)"))
                                }
                            }
                            count(by: 1)
                            defer { count(by: -1) }
                            try await context.sleep(.milliseconds(300))  // the request itself
                            return (Fetch(url: url, depth: depth, startedAt: slot), graph.links[url] ?? [])
                        } }
                    }
                }
                var level: [(Fetch, [String])] = []
                for try await result in group {
                    level.append(result)
                    context.say("depth \(depth): fetched \(result.0.url) (\(level.count)/\(frontier.count))")
                }
                return level
            }
            fetches += level.map(\.0)
            // Only the parent touches `visited`: children return links, so no URL is claimed twice.
            var next: [String] = []
            for link in level.flatMap(\.1) where depth < maxDepth && visited.insert(link).inserted {
                next.append(link)
            }
            frontier = next
        }
        // A permit is held from the wait for the host's turn to the answer, so fewer requests may
        // be in flight than permits are held: both are said, each for what it counts.
        context.say("\(fetches.count) pages fetched, each once; at most \(permits.snapshot().peakHeld) of \(limit) permits held, "
                    + "at most \(inFlight.value.peak) requests in flight (a holder may still wait for its host's turn)")
        return Outcome(graph: graph, maxDepth: maxDepth, fetches: fetches, peakConcurrent: inFlight.value.peak,
                       concurrencyLimit: limit, politenessDelay: politenessDelay)
    }
}
