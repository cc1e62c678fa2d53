import AsyncDemoCore
import Foundation

/// Writes a `SimulationEvent` as one line of JSON, by hand, in the shape `JSONEncoder` gives it
/// (its synthesized and written `Codable`, keys sorted), so the dashboard's `JSONDecoder`, `replay`
/// and `trace` read it back as the same event. The probe's thread sends about eight events a
/// request of a traced server; `JSONEncoder` took most of the attached server's extra CPU (a
/// container and a boxed value per key, a `Data` per event), this appends bytes to one buffer.
package enum EventLineEncoder {
    /// Appends the event's line (its JSON and a newline). False, with nothing appended, for an
    /// event JSON cannot hold (a rate that is not a finite number), which `JSONEncoder` refuses too.
    package static func append(_ event: SimulationEvent, to bytes: inout [UInt8]) -> Bool {
        if case .producerRateChanged(let perSecond) = event.kind, !perSecond.isFinite { return false }
        bytes.append(contentsOf: #"{"at":"#.utf8)
        signed(event.at.nanoseconds, to: &bytes)
        if let fields = event.fields {
            bytes.append(contentsOf: #","fields":{"#.utf8)
            var first = true
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                string(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                string(value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(contentsOf: #","kind":"#.utf8)
        kind(event.kind, to: &bytes)
        if let resource = event.resource {
            bytes.append(contentsOf: #","resource":"#.utf8)
            string(resource, to: &bytes)
        }
        bytes.append(contentsOf: #","sequence":"#.utf8)
        unsigned(event.sequence, to: &bytes)
        bytes.append(contentsOf: "}\n".utf8)
        return true
    }

    /// `{"case":{payload}}`, the payload's keys sorted, as the synthesized `Codable` of an enum
    /// with associated values writes it (a nil `parent` left out).
    private static func kind(_ kind: SimulationEvent.Kind, to bytes: inout [UInt8]) {
        // Moved in and out, never copied: the buffer is a connection's whole outgoing stream.
        var payload = Payload()
        swap(&payload.bytes, &bytes)
        defer { swap(&payload.bytes, &bytes) }
        switch kind {
        case .taskSpawned(let task, let name, let taskKind, let parent):
            payload.open("taskSpawned")
            payload.key("kind"); string(taskKind, to: &payload.bytes)
            payload.key("name"); string(name, to: &payload.bytes)
            if let parent { payload.key("parent"); unsigned(parent.rawValue, to: &payload.bytes) }
            payload.key("task"); unsigned(task.rawValue, to: &payload.bytes)
        case .taskRenamed(let task, let name):
            payload.open("taskRenamed")
            payload.key("name"); string(name, to: &payload.bytes)
            payload.key("task"); unsigned(task.rawValue, to: &payload.bytes)
        case .taskStateChanged(let task, let state):
            payload.open("taskStateChanged")
            payload.key("state"); self.state(state, to: &payload.bytes)
            payload.key("task"); unsigned(task.rawValue, to: &payload.bytes)
        case .taskFinished(let task, let state):
            payload.open("taskFinished")
            payload.key("state"); self.state(state, to: &payload.bytes)
            payload.key("task"); unsigned(task.rawValue, to: &payload.bytes)
        case .permitRequested(let task): payload.task(of: "permitRequested", task)
        case .permitGranted(let task, let waited):
            payload.open("permitGranted")
            payload.key("task"); unsigned(task.rawValue, to: &payload.bytes)
            payload.key("waitedNanoseconds"); signed(waited, to: &payload.bytes)
        case .permitReleased(let task): payload.task(of: "permitReleased", task)
        case .permitRequestCancelled(let task): payload.task(of: "permitRequestCancelled", task)
        case .permitsResized(let permits):
            payload.open("permitsResized")
            payload.key("permits"); signed(Int64(permits), to: &payload.bytes)
        case .itemEnqueued(let item, let producer, let depth):
            payload.open("itemEnqueued")
            payload.key("depth"); signed(Int64(depth), to: &payload.bytes)
            payload.key("item"); signed(Int64(item), to: &payload.bytes)
            payload.key("producer"); unsigned(producer.rawValue, to: &payload.bytes)
        case .itemDequeued(let item, let consumer, let depth):
            payload.open("itemDequeued")
            payload.key("consumer"); unsigned(consumer.rawValue, to: &payload.bytes)
            payload.key("depth"); signed(Int64(depth), to: &payload.bytes)
            payload.key("item"); signed(Int64(item), to: &payload.bytes)
        case .producerBlocked(let task): payload.task(of: "producerBlocked", task)
        case .producerUnblocked(let task): payload.task(of: "producerUnblocked", task)
        case .queueResized(let capacity):
            payload.open("queueResized")
            payload.key("capacity"); signed(Int64(capacity), to: &payload.bytes)
        case .logLine(let level, let message):
            payload.open("logLine")
            payload.key("level"); string(level, to: &payload.bytes)
            payload.key("message"); string(message, to: &payload.bytes)
        case .lessonStarted(let run, let lesson):
            payload.open("lessonStarted")
            payload.key("lesson"); string(lesson, to: &payload.bytes)
            payload.key("run"); signed(Int64(run), to: &payload.bytes)
        case .lessonSaid(let run, let line):
            payload.open("lessonSaid")
            payload.key("line"); string(line, to: &payload.bytes)
            payload.key("run"); signed(Int64(run), to: &payload.bytes)
        case .lessonMarked(let run, let mark):
            payload.open("lessonMarked")
            // A lesson's, never a probe's: its own `Codable` serves.
            payload.key("mark"); payload.bytes.append(contentsOf: (try? sortedEncoder.encode(mark)) ?? Data("null".utf8))
            payload.key("run"); signed(Int64(run), to: &payload.bytes)
        case .lessonFileLinesRead(let run, let lines):
            payload.open("lessonFileLinesRead")
            payload.key("lines")
            payload.bytes.append(UInt8(ascii: "["))
            for (index, line) in lines.enumerated() {
                if index > 0 { payload.bytes.append(UInt8(ascii: ",")) }
                string(line, to: &payload.bytes)
            }
            payload.bytes.append(UInt8(ascii: "]"))
            payload.key("run"); signed(Int64(run), to: &payload.bytes)
        case .lessonEnded(let run, let state):
            payload.open("lessonEnded")
            payload.key("run"); signed(Int64(run), to: &payload.bytes)
            payload.key("state"); self.state(state, to: &payload.bytes)
        case .lessonClosed(let run):
            payload.open("lessonClosed")
            payload.key("run"); signed(Int64(run), to: &payload.bytes)
        case .commandApplied(let command):
            payload.open("commandApplied")
            payload.key("command"); string(command, to: &payload.bytes)
        case .workStarted(let task, let planned):
            payload.open("workStarted")
            payload.key("plannedNanoseconds"); signed(planned, to: &payload.bytes)
            payload.key("task"); unsigned(task.rawValue, to: &payload.bytes)
        case .producerRateChanged(let perSecond):
            payload.open("producerRateChanged")
            // Swift's shortest form that reads back as the same number, and valid JSON when finite.
            payload.key("perSecond"); payload.bytes.append(contentsOf: String(perSecond).utf8)
        case .queueSampled(let depth, let sent, let received):
            payload.open("queueSampled")
            payload.key("depth"); signed(Int64(depth), to: &payload.bytes)
            payload.key("received"); signed(Int64(received), to: &payload.bytes)
            payload.key("sent"); signed(Int64(sent), to: &payload.bytes)
        case .taskTransitionRefused(let description):
            payload.open("taskTransitionRefused")
            payload.key("description"); string(description, to: &payload.bytes)
        case .presentRetold(let events):
            payload.open("presentRetold")
            payload.key("events"); signed(Int64(events), to: &payload.bytes)
        }
        payload.bytes.append(contentsOf: "}}".utf8)
    }

    /// The payload object being written: its keys come with their commas.
    private struct Payload {
        var bytes: [UInt8] = []
        var hasKey = false

        mutating func open(_ name: StaticString) {
            bytes.append(contentsOf: #"{""#.utf8)
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(contentsOf: #"":{"#.utf8)
        }

        mutating func key(_ name: StaticString) {
            if hasKey { bytes.append(UInt8(ascii: ",")) }
            hasKey = true
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(contentsOf: #"":"#.utf8)
        }

        mutating func task(of name: StaticString, _ task: TaskID) {
            open(name)
            key("task")
            EventLineEncoder.unsigned(task.rawValue, to: &bytes)
        }
    }

    private static let sortedEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A bare name when the state has none (`"running"`), else a one-key object
    /// (`{"waiting":"semaphore"}`), as `TaskState`'s own `Codable` writes it.
    private static func state(_ state: TaskState, to bytes: inout [UInt8]) {
        switch state {
        case .created, .running, .completed, .cancelled: string(state.description, to: &bytes)
        case .waiting(let reason): detailed("waiting", reason.rawValue, to: &bytes)
        case .suspended(let reason): detailed("suspended", reason.rawValue, to: &bytes)
        case .failed(let error): detailed("failed", error, to: &bytes)
        }
    }

    private static func detailed(_ name: StaticString, _ detail: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: #"{""#.utf8)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: #"":"#.utf8)
        string(detail, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A JSON string: quote, backslash and the control bytes escaped (`\n`, `\u001b`), every
    /// other byte of the UTF-8 as it is.
    static func string(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(hexDigit(byte >> 4))
                    bytes.append(hexDigit(byte & 0xF))
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    static func signed(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        unsigned(value.magnitude, to: &bytes)
    }

    /// Decimal digits, written without making a `String`.
    static func unsigned(_ value: UInt64, to bytes: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes: room for UInt64.max's 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var value = value, start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            bytes.append(contentsOf: buffer[start...])
        }
    }
}
