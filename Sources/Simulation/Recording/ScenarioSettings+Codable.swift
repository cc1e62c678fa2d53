/// The settings as a recording's header writes them: every knob under its flag's name, the
/// retention in seconds.
extension ScenarioSettings: Codable {
    private enum CodingKeys: String, CodingKey {
        case workers, permits, capacity, producers, consumers, rate, speed, seed, failurePercent, retentionSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        workers = try container.decode(Int.self, forKey: .workers)
        permits = try container.decode(Int.self, forKey: .permits)
        capacity = try container.decode(Int.self, forKey: .capacity)
        producers = try container.decode(Int.self, forKey: .producers)
        consumers = try container.decode(Int.self, forKey: .consumers)
        rate = try container.decode(Double.self, forKey: .rate)
        speed = try container.decode(Double.self, forKey: .speed)
        seed = try container.decode(UInt64.self, forKey: .seed)
        failurePercent = try container.decode(Int.self, forKey: .failurePercent)
        retention = .milliseconds(Int64((try container.decode(Double.self, forKey: .retentionSeconds) * 1000).rounded()))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workers, forKey: .workers)
        try container.encode(permits, forKey: .permits)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(producers, forKey: .producers)
        try container.encode(consumers, forKey: .consumers)
        try container.encode(rate, forKey: .rate)
        try container.encode(speed, forKey: .speed)
        try container.encode(seed, forKey: .seed)
        try container.encode(failurePercent, forKey: .failurePercent)
        try container.encode(Double(retention.wholeNanoseconds) / 1e9, forKey: .retentionSeconds)
    }
}
