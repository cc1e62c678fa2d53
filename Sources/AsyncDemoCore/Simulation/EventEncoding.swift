import Foundation

/// How `EventStorage` writes an event into bytes: LEB128 variable-length integers (zigzag for
/// signed ones), strings as their UTF-8 length and bytes, each kind and task state as a tag
/// byte. An instant is the whole nanoseconds since the event before it (0 for events of one
/// instant, one byte), or, when it is not a whole number of nanoseconds after it, its exact
/// attoseconds. Read back by `EventReader`; never written anywhere but memory.
enum EventEncoding {
    static func append(_ instant: SimulationClock.Instant, after previous: SimulationClock.Instant, to bytes: inout [UInt8]) {
        let now = instant.sinceStart.attoseconds
        let delta = now - previous.sinceStart.attoseconds
        // In 64 bits (9 s) the division is a multiplication; in 128 it is a call.
        if let short = Int64(exactly: delta), short >= 0, short % 1_000_000_000 == 0 {
            unsigned(UInt64(short / 1_000_000_000) << 1, to: &bytes)
        } else if delta > 0, delta % 1_000_000_000 == 0, let nanoseconds = UInt64(exactly: delta / 1_000_000_000),
                  nanoseconds < 1 << 63 {
            unsigned(nanoseconds << 1, to: &bytes)
        } else {
            unsigned(1, to: &bytes)
            signed(Int64(truncatingIfNeeded: now >> 64), to: &bytes)
            unsigned(UInt64(truncatingIfNeeded: now), to: &bytes)
        }
    }

    static func append(_ kind: SimulationEvent.Kind, to bytes: inout [UInt8]) {
        switch kind {
        case .taskSpawned(let task, let name, let taskKind, let parent):
            bytes.append(0)
            unsigned(task.rawValue, to: &bytes)
            string(name, to: &bytes)
            string(taskKind, to: &bytes)
            unsigned(parent.map { $0.rawValue + 1 } ?? 0, to: &bytes)
        case .taskStateChanged(let task, let state):
            bytes.append(1)
            unsigned(task.rawValue, to: &bytes)
            self.state(state, to: &bytes)
        case .taskFinished(let task, let state):
            bytes.append(2)
            unsigned(task.rawValue, to: &bytes)
            self.state(state, to: &bytes)
        case .permitRequested(let task): tagged(3, task, to: &bytes)
        case .permitGranted(let task, let waited):
            tagged(4, task, to: &bytes)
            signed(waited, to: &bytes)
        case .permitReleased(let task): tagged(5, task, to: &bytes)
        case .permitRequestCancelled(let task): tagged(6, task, to: &bytes)
        case .permitsResized(let permits):
            bytes.append(7)
            signed(Int64(permits), to: &bytes)
        case .itemEnqueued(let item, let producer, let depth):
            bytes.append(8)
            signed(Int64(item), to: &bytes)
            unsigned(producer.rawValue, to: &bytes)
            signed(Int64(depth), to: &bytes)
        case .itemDequeued(let item, let consumer, let depth):
            bytes.append(9)
            signed(Int64(item), to: &bytes)
            unsigned(consumer.rawValue, to: &bytes)
            signed(Int64(depth), to: &bytes)
        case .producerBlocked(let task): tagged(10, task, to: &bytes)
        case .producerUnblocked(let task): tagged(11, task, to: &bytes)
        case .queueResized(let capacity):
            bytes.append(12)
            signed(Int64(capacity), to: &bytes)
        case .logLine(let level, let message):
            bytes.append(13)
            string(level, to: &bytes)
            string(message, to: &bytes)
        case .lessonMarked(let run, let mark):
            bytes.append(14)
            signed(Int64(run), to: &bytes)
            // Rare (a scene marks a few dozen times), so its own JSON serves.
            string(String(decoding: (try? JSONEncoder().encode(mark)) ?? Data(), as: UTF8.self), to: &bytes)
        case .commandApplied(let command):
            bytes.append(15)
            string(command, to: &bytes)
        case .workStarted(let task, let planned):
            tagged(16, task, to: &bytes)
            signed(planned, to: &bytes)
        case .producerRateChanged(let perSecond):
            bytes.append(17)
            unsigned(perSecond.bitPattern, to: &bytes)
        case .queueSampled(let depth, let sent, let received):
            bytes.append(18)
            signed(Int64(depth), to: &bytes)
            signed(Int64(sent), to: &bytes)
            signed(Int64(received), to: &bytes)
        case .taskTransitionRefused(let description):
            bytes.append(19)
            string(description, to: &bytes)
        case .lessonStarted(let run, let lesson):
            bytes.append(20)
            signed(Int64(run), to: &bytes)
            string(lesson, to: &bytes)
        case .lessonSaid(let run, let line):
            bytes.append(21)
            signed(Int64(run), to: &bytes)
            string(line, to: &bytes)
        case .lessonFileLinesRead(let run, let lines):
            bytes.append(22)
            signed(Int64(run), to: &bytes)
            unsigned(UInt64(lines.count), to: &bytes)
            for line in lines { string(line, to: &bytes) }
        case .lessonEnded(let run, let state):
            bytes.append(23)
            signed(Int64(run), to: &bytes)
            self.state(state, to: &bytes)
        case .lessonClosed(let run):
            bytes.append(24)
            signed(Int64(run), to: &bytes)
        case .taskRenamed(let task, let name):
            bytes.append(25)
            unsigned(task.rawValue, to: &bytes)
            string(name, to: &bytes)
        case .presentRetold(let events):
            bytes.append(26)
            signed(Int64(events), to: &bytes)
        }
    }

    private static func state(_ state: TaskState, to bytes: inout [UInt8]) {
        switch state {
        case .created: bytes.append(0)
        case .waiting(let reason):
            bytes.append(1)
            bytes.append(code(of: reason))
        case .running: bytes.append(2)
        case .suspended(let reason):
            bytes.append(3)
            bytes.append(code(of: reason))
        case .completed: bytes.append(4)
        case .failed(let error):
            bytes.append(5)
            string(error, to: &bytes)
        case .cancelled: bytes.append(6)
        }
    }

    /// By hand: `allCases` builds an array at every call.
    static func code(of reason: WaitReason) -> UInt8 {
        switch reason {
        case .semaphore: 0
        case .queueFull: 1
        case .queueEmpty: 2
        case .lock: 3
        case .event: 4
        case .timer: 5
        }
    }

    static func waitReason(_ code: UInt8) -> WaitReason {
        switch code {
        case 0: .semaphore
        case 1: .queueFull
        case 2: .queueEmpty
        case 3: .lock
        case 4: .event
        case 5: .timer
        default: preconditionFailure("event storage holds an unknown wait reason \(code)")
        }
    }

    static func code(of reason: SuspendReason) -> UInt8 {
        switch reason {
        case .sleep: 0
        case .io: 1
        }
    }

    static func suspendReason(_ code: UInt8) -> SuspendReason {
        code == 0 ? .sleep : .io
    }

    private static func tagged(_ tag: UInt8, _ task: TaskID, to bytes: inout [UInt8]) {
        bytes.append(tag)
        unsigned(task.rawValue, to: &bytes)
    }

    private static func string(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    private static func signed(_ value: Int64, to bytes: inout [UInt8]) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &bytes)
    }

    private static func unsigned(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// Reads back what `EventEncoding` wrote, from `position` on.
struct EventReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(bytes: UnsafeBufferPointer<UInt8>, at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func instant(after previous: SimulationClock.Instant) -> SimulationClock.Instant {
        let header = unsigned()
        if header == 0 { return previous }
        if header & 1 == 0 {
            return SimulationClock.Instant(sinceStart: Duration(
                attoseconds: previous.sinceStart.attoseconds + Int128(header >> 1) * 1_000_000_000))
        }
        let high = signed(), low = unsigned()
        return SimulationClock.Instant(sinceStart: Duration(attoseconds: Int128(high) << 64 | Int128(low)))
    }

    mutating func kind() -> SimulationEvent.Kind {
        switch byte() {
        case 0:
            let task = self.task(), name = string(), kind = string(), parent = unsigned()
            return .taskSpawned(task: task, name: name, kind: kind, parent: parent == 0 ? nil : TaskID(rawValue: parent - 1))
        case 1: return .taskStateChanged(task: task(), state: state())
        case 2: return .taskFinished(task: task(), state: state())
        case 3: return .permitRequested(task: task())
        case 4: return .permitGranted(task: task(), waitedNanoseconds: signed())
        case 5: return .permitReleased(task: task())
        case 6: return .permitRequestCancelled(task: task())
        case 7: return .permitsResized(permits: Int(signed()))
        case 8: return .itemEnqueued(item: Int(signed()), producer: task(), depth: Int(signed()))
        case 9: return .itemDequeued(item: Int(signed()), consumer: task(), depth: Int(signed()))
        case 10: return .producerBlocked(task: task())
        case 11: return .producerUnblocked(task: task())
        case 12: return .queueResized(capacity: Int(signed()))
        case 13: return .logLine(level: string(), message: string())
        case 14:
            let run = Int(signed())
            guard let mark = try? JSONDecoder().decode(SceneMark.self, from: Data(string().utf8)) else {
                preconditionFailure("event storage holds a scene mark it cannot read")
            }
            return .lessonMarked(run: run, mark: mark)
        case 15: return .commandApplied(command: string())
        case 16: return .workStarted(task: task(), plannedNanoseconds: signed())
        case 17: return .producerRateChanged(perSecond: Double(bitPattern: unsigned()))
        case 18: return .queueSampled(depth: Int(signed()), sent: Int(signed()), received: Int(signed()))
        case 19: return .taskTransitionRefused(description: string())
        case 20: return .lessonStarted(run: Int(signed()), lesson: string())
        case 21: return .lessonSaid(run: Int(signed()), line: string())
        case 22:
            let run = Int(signed())
            let count = Int(unsigned())
            return .lessonFileLinesRead(run: run, lines: (0..<count).map { _ in string() })
        case 23: return .lessonEnded(run: Int(signed()), state: state())
        case 24: return .lessonClosed(run: Int(signed()))
        case 25: return .taskRenamed(task: task(), name: string())
        case 26: return .presentRetold(events: Int(signed()))
        case let tag: preconditionFailure("event storage holds an unknown kind \(tag)")
        }
    }

    private mutating func state() -> TaskState {
        switch byte() {
        case 0: return .created
        case 1: return .waiting(EventEncoding.waitReason(byte()))
        case 2: return .running
        case 3: return .suspended(EventEncoding.suspendReason(byte()))
        case 4: return .completed
        case 5: return .failed(string())
        case 6: return .cancelled
        case let tag: preconditionFailure("event storage holds an unknown task state \(tag)")
        }
    }

    private mutating func task() -> TaskID { TaskID(rawValue: unsigned()) }

    private mutating func byte() -> UInt8 {
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func string() -> String {
        let count = Int(unsigned())
        defer { position += count }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + count]), as: UTF8.self)
    }

    private mutating func signed() -> Int64 {
        let value = unsigned()
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    private mutating func unsigned() -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let next = byte()
            value |= UInt64(next & 0x7f) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }
}
