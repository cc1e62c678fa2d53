/// Something an example shows in its dashboard scene besides the transcript: bars racing on
/// timelines, a countdown, a generator's state. The context stamps each with lesson time, so
/// the scene can draw a running bar or countdown growing with the clock between two marks.
///
/// Part of the event format (`SimulationEvent.Kind.lessonMarked`), so it is encoded by hand:
/// the lesson time and every duration as whole nanoseconds, the kind as one key named for it
/// (`{"at": 500000000, "barStarted": {"track": "sequential", "label": "fetch a"}}`).
public struct SceneMark: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Timelines span at least this much, so bars do not rescale while they grow.
        case timelineSpan(Duration)
        /// A bar on timeline `track` starts. Each track is drawn from its own first bar, one
        /// under another, so two ways of doing the same work race side by side.
        case barStarted(track: String, label: String)
        case barEnded(track: String, label: String, BarEnding)
        /// A limit starts running out for the call `label`.
        case countdownStarted(label: String, limit: Duration)
        /// The call `label` ended before its limit (`timedOut` false) or was cut off by it.
        case countdownEnded(label: String, timedOut: Bool)
        case generator(GeneratorStatus)
        case generated(Int)
        /// The newest reading of a bounded quantity (permits held, queue depth, files done), with
        /// a few words beside it ("4 waiting"); each label is one gauge showing its latest value.
        case gauge(label: String, value: Int, limit: Int, note: String)
        /// Who holds a share of something now (a semaphore's permits) and who waits for one,
        /// first in line first, as the dashboard's Workers pane lists them.
        case holders(holding: [String], waiting: [String])
        /// The scene's Log pane should follow the file at `path` (the log monitor's) until it
        /// has shown `afterLines` lines: the example says so before its file is removed.
        case follows(path: String)
        case stopsFollowing(afterLines: Int)
    }

    public enum BarEnding: String, Sendable, Hashable, Codable {
        case finished, failed, cancelled
    }

    public enum GeneratorStatus: String, Sendable, Hashable, Codable {
        case running, paused, stopped
    }

    /// Lesson time when it was marked.
    public let at: Duration
    public let kind: Kind

    public init(at: Duration, _ kind: Kind) {
        self.at = at
        self.kind = kind
    }
}

extension SceneMark: Codable {
    private enum Keys: String, CodingKey {
        case at, timelineSpan, barStarted, barEnded, countdownStarted, countdownEnded, generator, generated
        case gauge, holders, follows, stopsFollowing
    }

    private enum Fields: String, CodingKey {
        case nanoseconds, track, label, ending, limitNanoseconds, timedOut, value, limit, note, holding, waiting
        case path, afterLines
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let at = Duration.nanoseconds(try container.decode(Int64.self, forKey: .at))
        let kinds = container.allKeys.filter { $0 != .at }
        guard let key = kinds.first, kinds.count == 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "a scene mark has its time and one kind"))
        }
        if key == .generator {
            self.init(at: at, .generator(try container.decode(GeneratorStatus.self, forKey: key)))
            return
        }
        if key == .generated {
            self.init(at: at, .generated(try container.decode(Int.self, forKey: key)))
            return
        }
        let fields = try container.nestedContainer(keyedBy: Fields.self, forKey: key)
        func text(_ field: Fields) throws -> String { try fields.decode(String.self, forKey: field) }
        func number(_ field: Fields) throws -> Int { try fields.decode(Int.self, forKey: field) }
        func nanoseconds(_ field: Fields) throws -> Duration { .nanoseconds(try fields.decode(Int64.self, forKey: field)) }
        let kind: Kind
        switch key {
        case .timelineSpan: kind = .timelineSpan(try nanoseconds(.nanoseconds))
        case .barStarted: kind = .barStarted(track: try text(.track), label: try text(.label))
        case .barEnded:
            kind = .barEnded(track: try text(.track), label: try text(.label),
                             try fields.decode(BarEnding.self, forKey: .ending))
        case .countdownStarted: kind = .countdownStarted(label: try text(.label), limit: try nanoseconds(.limitNanoseconds))
        case .countdownEnded: kind = .countdownEnded(label: try text(.label), timedOut: try fields.decode(Bool.self, forKey: .timedOut))
        case .gauge:
            kind = .gauge(label: try text(.label), value: try number(.value), limit: try number(.limit), note: try text(.note))
        case .holders:
            kind = .holders(holding: try fields.decode([String].self, forKey: .holding),
                            waiting: try fields.decode([String].self, forKey: .waiting))
        case .follows: kind = .follows(path: try text(.path))
        case .stopsFollowing: kind = .stopsFollowing(afterLines: try number(.afterLines))
        case .at, .generator, .generated: preconditionFailure("handled above")
        }
        self.init(at: at, kind)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Self.nanoseconds(at), forKey: .at)
        func fields(_ key: Keys) -> KeyedEncodingContainer<Fields> {
            container.nestedContainer(keyedBy: Fields.self, forKey: key)
        }
        switch kind {
        case .timelineSpan(let span):
            var nested = fields(.timelineSpan)
            try nested.encode(Self.nanoseconds(span), forKey: .nanoseconds)
        case .barStarted(let track, let label):
            var nested = fields(.barStarted)
            try nested.encode(track, forKey: .track)
            try nested.encode(label, forKey: .label)
        case .barEnded(let track, let label, let ending):
            var nested = fields(.barEnded)
            try nested.encode(track, forKey: .track)
            try nested.encode(label, forKey: .label)
            try nested.encode(ending, forKey: .ending)
        case .countdownStarted(let label, let limit):
            var nested = fields(.countdownStarted)
            try nested.encode(label, forKey: .label)
            try nested.encode(Self.nanoseconds(limit), forKey: .limitNanoseconds)
        case .countdownEnded(let label, let timedOut):
            var nested = fields(.countdownEnded)
            try nested.encode(label, forKey: .label)
            try nested.encode(timedOut, forKey: .timedOut)
        case .generator(let status): try container.encode(status, forKey: .generator)
        case .generated(let value): try container.encode(value, forKey: .generated)
        case .gauge(let label, let value, let limit, let note):
            var nested = fields(.gauge)
            try nested.encode(label, forKey: .label)
            try nested.encode(value, forKey: .value)
            try nested.encode(limit, forKey: .limit)
            try nested.encode(note, forKey: .note)
        case .holders(let holding, let waiting):
            var nested = fields(.holders)
            try nested.encode(holding, forKey: .holding)
            try nested.encode(waiting, forKey: .waiting)
        case .follows(let path):
            var nested = fields(.follows)
            try nested.encode(path, forKey: .path)
        case .stopsFollowing(let lines):
            var nested = fields(.stopsFollowing)
            try nested.encode(lines, forKey: .afterLines)
        }
    }

    /// Whole nanoseconds: lesson times are stamped by a clock that counts in them.
    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
