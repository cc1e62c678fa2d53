/// A generated web: pages on a few hosts, each linking to a few others, from a seed.
public struct LinkGraph: Sendable {
    public let root: String
    public let links: [String: [String]]

    public static let hosts = ["alpha.test", "beta.test", "gamma.test", "delta.test"]

    public init(seed: UInt64, pagesPerHost: Int = 8, linksPerPage: Int = 3) {
        var random = LessonRandom(seed: seed)
        let pages = Self.hosts.flatMap { host in (0..<pagesPerHost).map { "https://\(host)/p\($0)" } }
        var links: [String: [String]] = [:]
        for page in pages {
            links[page] = (0..<linksPerPage).map { _ in pages[Int.random(in: 0..<pages.count, using: &random)] }
        }
        self.root = pages[0]
        self.links = links
    }

    public static func host(of url: String) -> String {
        url.split(separator: "/")[1].description
    }

    /// Every page within `maxDepth` links of the root, by breadth-first search: what a correct
    /// crawl must visit.
    public func reachable(maxDepth: Int) -> [String: Int] {
        var depthOf = [root: 0]
        var frontier = [root]
        var depth = 0
        while depth < maxDepth, !frontier.isEmpty {
            depth += 1
            var next: [String] = []
            for link in frontier.flatMap({ links[$0] ?? [] }) where depthOf[link] == nil {
                depthOf[link] = depth
                next.append(link)
            }
            frontier = next
        }
        return depthOf
    }
}
