import AsyncDemoCore

/// The soak's random keys, with the settings held in a band around where they started. A free
/// random walk of `w`/`W` (and the other pairs) spreads as the square root of the keys sent and
/// is turned back at each floor, so over ten minutes the workers, the producer rate and the
/// queue's capacity climbed far from their start and memory grew with the work, not from a leak.
/// Even a walk held to a band by counting its presses drifted (to 48 permits in one soak): a
/// press that lands in a prompt, the help or an Escape-prefixed pair is lost, and more of one
/// kind than the other was. So the setting keys are not in the random stream: every few seconds
/// the soak closes whatever is open and sends one (`settingStep`), which always lands.
struct SoakKeyWalk {
    /// Every key of the key map but those that end or stop the program (q, Ctrl-C, Ctrl-Z,
    /// Ctrl-\) and the setting keys of `bands`; `s` (a job and its child) is rare enough that
    /// jobs end as fast as they come.
    static let keys: [(key: String, weight: Int)] = [
        ("s", 2), ("c", 2), ("C", 1), ("DC", 1), ("Enter", 3), ("Escape", 4), ("Space", 2), (".", 2),
        ("j", 4), ("k", 4), ("Up", 2), ("Down", 2), ("h", 2), ("l", 2),
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
        for entry in Self.keys {
            if pick < entry.weight { return entry.key }
            pick -= entry.weight
        }
        return "j"
    }

    /// A setting's key, its pair's "more" or "fewer" at random unless that would leave the band.
    mutating func settingStep() -> String {
        let band = Self.bands[Int.random(in: 0..<Self.bands.count, using: &random)]
        let net = presses[band.more, default: 0]
        let more = net >= band.width ? false : net <= -band.width ? true : Bool.random(using: &random)
        presses[band.more] = net + (more ? 1 : -1)
        return more ? band.more : band.fewer
    }
}
