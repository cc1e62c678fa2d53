import AsyncDemoCore

/// The soak's random keys, with the settings held in a band around where they started. A free
/// random walk of `w`/`W` (and the other pairs) spreads as the square root of the keys sent and
/// is turned back at each floor, so over ten minutes the workers, the producer rate and the
/// queue's capacity climbed far from their start and memory grew with the work, not from a leak.
/// Here a key that would take its pair's count of presses (more minus fewer) out of the band is
/// sent as its opposite instead; every band lies inside the settings' limits, so no press is
/// clamped and the count stays what the program has.
struct SoakKeyWalk {
    /// Every key of the key map but those that end or stop the program (q, Ctrl-C, Ctrl-Z,
    /// Ctrl-\); `s` (a job and its child) is rare enough that jobs end as fast as they come.
    static let keys: [(key: String, weight: Int)] = [
        ("s", 2), ("c", 2), ("C", 1), ("DC", 1), ("Enter", 3), ("Escape", 4), ("Space", 2), (".", 2),
        ("x", 2), ("X", 2), ("+", 3), ("-", 3), ("w", 2), ("W", 2), ("]", 2), ("[", 2), ("}", 2), ("{", 2),
        ("p", 2), ("P", 2), (">", 2), ("<", 2), ("j", 4), ("k", 4), ("Up", 2), ("Down", 2), ("h", 2), ("l", 2),
        ("Left", 1), ("Right", 1), ("i", 2), ("f", 2), ("?", 2), ("F1", 1), ("m", 2), ("1", 1), ("2", 1),
        ("3", 1), ("4", 1), ("g", 2), ("G", 1), ("PPage", 2), ("NPage", 2), ("Home", 1), ("End", 2), ("/", 2),
        ("a", 1), ("e", 1), ("Tab", 1), ("BSpace", 1),
    ]

    /// A setting's "more" key, its "fewer" key and how many presses either way from the start
    /// the walk allows (6 workers: 3 to 9; 3 permits: 1 to 5; rate 3/s: 1 to 8; capacity 16:
    /// 8 to 32; 2 producers and consumers: 0 to 4; speed 1x: 0.25x to 5x).
    static let bands: [(more: String, fewer: String, width: Int)] = [
        ("w", "W", 3), ("+", "-", 2), ("]", "[", 2), ("}", "{", 2), ("p", "P", 2), (">", "<", 2), ("X", "x", 2),
    ]

    private var random: SeededRandom
    private var presses = [String: Int]()
    private let totalWeight = Self.keys.reduce(0) { $0 + $1.weight }

    init(random: SeededRandom) {
        self.random = random
    }

    /// The net presses of each band so far, by its "more" key, for the soak's figures.
    var netPresses: [String: Int] { presses }

    mutating func next() -> String {
        var pick = Int.random(in: 0..<totalWeight, using: &random)
        var key = "j"
        for entry in Self.keys {
            if pick < entry.weight {
                key = entry.key
                break
            }
            pick -= entry.weight
        }
        guard let band = Self.bands.first(where: { $0.more == key || $0.fewer == key }) else { return key }
        let net = presses[band.more, default: 0]
        if key == band.more, net >= band.width { key = band.fewer }
        if key == band.fewer, net <= -band.width { key = band.more }
        presses[band.more] = net + (key == band.more ? 1 : -1)
        return key
    }
}
