import AsyncDemoCore

/// Reads one event line of a probe's stream without `JSONDecoder`, which costs microseconds a
/// line, more than a dashboard has at 100,000 events a second. It reads only the plain form the
/// probe writes (any key order and whitespace, integers without fraction or exponent, strings
/// with their escapes) and returns nil for anything else: a float, `true`, an unknown or repeated
/// key, a kind it leaves to `JSONDecoder` (a scene mark, a file's lines, a rate), a surrogate
/// escape, invalid UTF-8, damage of any sort. The caller then asks `JSONDecoder`, so the lines
/// read and the events they give are exactly `JSONDecoder`'s, and so is every failure.
enum EventLineDecoder {
    static func decode(_ line: ArraySlice<UInt8>) -> SimulationEvent? {
        line.withUnsafeBufferPointer { bytes in
            var reader = JSONReader(bytes: bytes)
            guard let value = reader.value(), reader.atEnd, case .object(let members) = value else { return nil }
            return event(members)
        }
    }

    private static func event(_ members: [JSONMember]) -> SimulationEvent? {
        var sequence: UInt64?, at: Int64?, kind: SimulationEvent.Kind?
        var resource: String?, fields: [String: String]?
        guard !JSONFields.repeatsAKey(members) else { return nil }
        for member in members {
            let value = member.value
            switch member.key {
            case "sequence": sequence = value.unsigned
            case "at": at = value.signed
            case "kind":
                guard case .object(let cases) = value, cases.count == 1, case .object(let labels) = cases[0].value else { return nil }
                kind = Self.kind(cases[0].key, JSONFields(labels))
            case "resource":
                if case .null = value { continue }
                guard let text = value.string else { return nil }
                resource = text
            case "fields":
                if case .null = value { continue }
                guard case .object(let pairs) = value else { return nil }
                var dictionary: [String: String] = [:]
                for pair in pairs {
                    guard let text = pair.value.string, dictionary.updateValue(text, forKey: pair.key) == nil else { return nil }
                }
                fields = dictionary
            default: return nil
            }
        }
        guard let sequence, let at, let kind else { return nil }
        return SimulationEvent(sequence: sequence, at: SimulationInstant(sinceStart: .nanoseconds(at)), kind: kind,
                               resource: resource, fields: fields)
    }

    /// The kinds the probe sends, and the simulation's plain ones; nil for the rest.
    private static func kind(_ name: String, _ fields: JSONFields) -> SimulationEvent.Kind? {
        var fields = fields
        let kind: SimulationEvent.Kind?
        switch name {
        case "taskSpawned":
            guard let task = fields.task("task"), let name = fields.string("name"), let taskKind = fields.string("kind"),
                  let parent = fields.optionalTask("parent") else { return nil }
            kind = .taskSpawned(task: task, name: name, kind: taskKind, parent: parent)
        case "taskRenamed":
            guard let task = fields.task("task"), let name = fields.string("name") else { return nil }
            kind = .taskRenamed(task: task, name: name)
        case "taskStateChanged":
            guard let task = fields.task("task"), let state = fields.state("state") else { return nil }
            kind = .taskStateChanged(task: task, state: state)
        case "taskFinished":
            guard let task = fields.task("task"), let state = fields.state("state") else { return nil }
            kind = .taskFinished(task: task, state: state)
        case "permitRequested": kind = fields.task("task").map { .permitRequested(task: $0) }
        case "permitGranted":
            guard let task = fields.task("task"), let waited = fields.signed("waitedNanoseconds") else { return nil }
            kind = .permitGranted(task: task, waitedNanoseconds: waited)
        case "permitReleased": kind = fields.task("task").map { .permitReleased(task: $0) }
        case "permitRequestCancelled": kind = fields.task("task").map { .permitRequestCancelled(task: $0) }
        case "permitsResized": kind = fields.int("permits").map { .permitsResized(permits: $0) }
        case "itemEnqueued":
            guard let item = fields.int("item"), let producer = fields.task("producer"), let depth = fields.int("depth") else { return nil }
            kind = .itemEnqueued(item: item, producer: producer, depth: depth)
        case "itemDequeued":
            guard let item = fields.int("item"), let consumer = fields.task("consumer"), let depth = fields.int("depth") else { return nil }
            kind = .itemDequeued(item: item, consumer: consumer, depth: depth)
        case "producerBlocked": kind = fields.task("task").map { .producerBlocked(task: $0) }
        case "producerUnblocked": kind = fields.task("task").map { .producerUnblocked(task: $0) }
        case "queueResized": kind = fields.int("capacity").map { .queueResized(capacity: $0) }
        case "logLine":
            guard let level = fields.string("level"), let message = fields.string("message") else { return nil }
            kind = .logLine(level: level, message: message)
        case "lessonStarted":
            guard let run = fields.int("run"), let lesson = fields.string("lesson") else { return nil }
            kind = .lessonStarted(run: run, lesson: lesson)
        case "lessonSaid":
            guard let run = fields.int("run"), let line = fields.string("line") else { return nil }
            kind = .lessonSaid(run: run, line: line)
        case "lessonEnded":
            guard let run = fields.int("run"), let state = fields.state("state") else { return nil }
            kind = .lessonEnded(run: run, state: state)
        case "lessonClosed": kind = fields.int("run").map { .lessonClosed(run: $0) }
        case "commandApplied": kind = fields.string("command").map { .commandApplied(command: $0) }
        case "workStarted":
            guard let task = fields.task("task"), let planned = fields.signed("plannedNanoseconds") else { return nil }
            kind = .workStarted(task: task, plannedNanoseconds: planned)
        case "queueSampled":
            guard let depth = fields.int("depth"), let sent = fields.int("sent"), let received = fields.int("received") else { return nil }
            kind = .queueSampled(depth: depth, sent: sent, received: received)
        case "taskTransitionRefused": kind = fields.string("description").map { .taskTransitionRefused(description: $0) }
        case "presentRetold": kind = fields.int("events").map { .presentRetold(events: $0) }
        default: return nil
        }
        // A label the case does not have is ignored by `JSONDecoder`: left to it, as is all else odd.
        return fields.allTaken ? kind : nil
    }
}

/// A case's labels as read, each taken at most once; `allTaken` says none was left over.
private struct JSONFields {
    private var members: [JSONMember]
    private var taken = 0

    init(_ members: [JSONMember]) { self.members = members }

    var allTaken: Bool { taken == members.count && !Self.repeatsAKey(members) }

    /// An object has a handful of keys: comparing each pair costs less than hashing them.
    static func repeatsAKey(_ members: [JSONMember]) -> Bool {
        for later in members.indices.dropFirst() where members[..<later].contains(where: { $0.key == members[later].key }) { return true }
        return false
    }

    private mutating func take(_ key: String) -> JSONValue? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        taken += 1
        return members[index].value
    }

    mutating func task(_ key: String) -> TaskID? { take(key)?.unsigned.map(TaskID.init(rawValue:)) }

    /// Absent or null is nil (`decodeIfPresent`); the outer nil is a value that is not a task.
    mutating func optionalTask(_ key: String) -> TaskID?? {
        guard let value = take(key) else { return .some(nil) }
        if case .null = value { return .some(nil) }
        return value.unsigned.map { .some(TaskID(rawValue: $0)) }
    }

    mutating func string(_ key: String) -> String? { take(key)?.string }
    mutating func signed(_ key: String) -> Int64? { take(key)?.signed }
    mutating func int(_ key: String) -> Int? { take(key)?.signed.map { Int($0) } }

    /// `TaskState`'s encoding: a bare name, or one key (`waiting`, `suspended`, `failed`).
    mutating func state(_ key: String) -> TaskState? {
        switch take(key) {
        case .string(let name)?:
            switch name {
            case "created": return .created
            case "running": return .running
            case "completed": return .completed
            case "cancelled": return .cancelled
            default: return nil
            }
        case .object(let detail)? where detail.count == 1:
            guard let text = detail[0].value.string else { return nil }
            switch detail[0].key {
            case "waiting": return WaitReason(rawValue: text).map { .waiting($0) }
            case "suspended": return SuspendReason(rawValue: text).map { .suspended($0) }
            case "failed": return .failed(text)
            default: return nil
            }
        default: return nil
        }
    }
}

/// A key and its value; a struct, not a tuple, whose type the runtime would look up at each use.
private struct JSONMember {
    let key: String
    let value: JSONValue
}

/// The JSON values an event line holds; a number is an integer of at most 18 digits.
private enum JSONValue {
    case object([JSONMember])
    case string(String)
    case integer(negative: Bool, magnitude: UInt64)
    case null

    var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    var unsigned: UInt64? {
        if case .integer(false, let magnitude) = self { magnitude } else { nil }
    }

    /// -0 is left to `JSONDecoder`.
    var signed: Int64? {
        guard case .integer(let negative, let magnitude) = self else { return nil }
        return negative ? (magnitude == 0 ? nil : -Int64(magnitude)) : Int64(magnitude)
    }
}

/// A strict reader of that subset of JSON over a line's bytes: nil at the first thing outside it.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// Deeper than an event goes (event, kind, case, state): a line nested deeper is not one.
    private var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get {
            skipWhitespace()
            return position == bytes.count
        }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func value() -> JSONValue? {
        skipWhitespace()
        guard let first = next else { return nil }
        switch first {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "n"):
            guard bytes.count - position >= 4, bytes[position + 1] == UInt8(ascii: "u"), bytes[position + 2] == UInt8(ascii: "l"),
                  bytes[position + 3] == UInt8(ascii: "l") else { return nil }
            position += 4
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
        default: return nil
        }
    }

    private mutating func object() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 4 else { return nil }
        position += 1
        var members: [JSONMember] = []
        members.reserveCapacity(5)
        skipWhitespace()
        if next == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard next == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard next == UInt8(ascii: ":") else { return nil }
            position += 1
            guard let value = value() else { return nil }
            members.append(JSONMember(key: key, value: value))
            skipWhitespace()
            switch next {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: return nil
            }
        }
    }

    private mutating func integer() -> JSONValue? {
        let negative = next == UInt8(ascii: "-")
        if negative { position += 1 }
        let start = position
        var magnitude: UInt64 = 0
        while let digit = next, digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
            magnitude = magnitude * 10 + UInt64(digit - UInt8(ascii: "0"))
            position += 1
            guard position - start <= 18 else { return nil }
        }
        let digits = position - start
        // No digit, a leading zero, a fraction or an exponent: left to `JSONDecoder`.
        guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
        if let after = next, after == UInt8(ascii: ".") || after == UInt8(ascii: "e") || after == UInt8(ascii: "E") { return nil }
        return .integer(negative: negative, magnitude: magnitude)
    }

    /// A string from its opening quote: valid UTF-8, no raw control byte, escapes but for `\u`
    /// of a surrogate or of NUL.
    private mutating func string() -> String? {
        position += 1
        let start = position
        while let byte = next, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { return nil }
            position += 1
        }
        guard let stop = next else { return nil }
        if stop == UInt8(ascii: "\"") {
            defer { position += 1 }
            return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }
        var unescaped = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while let byte = next {
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(validating: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = next else { return nil }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escaped)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    guard let code = hexQuad(), code != 0, !(0xD800...0xDFFF).contains(code),
                          let scalar = Unicode.Scalar(code) else { return nil }
                    unescaped.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            case 0..<0x20: return nil
            default: unescaped.append(byte)
            }
        }
        return nil
    }

    private mutating func hexQuad() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            code = code << 4 | UInt32(digit)
            position += 1
        }
        return code
    }
}
