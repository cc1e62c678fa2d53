import AsyncDemoCore
import Foundation

/// The two lines before a probe's stream: the dashboard's hello, which says the newest format
/// it reads, and, when the probe streams a newer one, the probe's refusal instead of the stream.
/// Otherwise the probe answers with the recording header and the events, so what comes back is
/// exactly a recording.
///
///     -> {"hello":"asyncdemo-tui","reads":1}
///     <- {"format":"asyncdemo-tui recording","formatVersion":1,...}   (then one event a line)
///     <- {"refused":"this program streams format version 2; the dashboard reads 1 and older"}
package enum StreamHandshake {
    package static let helloMark = "asyncdemo-tui"
    /// A hello is short; anything longer before its newline is not one.
    package static let longestHello = 1024

    package struct Hello: Codable, Equatable, Sendable {
        package var hello: String
        /// The newest event format the dashboard reads.
        package var reads: Int

        package init(reads: Int = SimulationEvent.formatVersion) {
            hello = StreamHandshake.helloMark
            self.reads = reads
        }
    }

    package struct Refusal: Codable, Equatable, Sendable {
        package var refused: String

        package init(_ refused: String) { self.refused = refused }
    }

    /// What the dashboard may send once attached: cancel a tracked task.
    ///
    ///     -> {"cancel":12}
    package struct Command: Codable, Equatable, Sendable {
        package var cancel: UInt64

        package init(cancel: UInt64) { self.cancel = cancel }
    }

    package static func line(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Cannot fail: strings and integers.
        var bytes = (try? encoder.encode(value)).map { [UInt8]($0) } ?? []
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// What the probe answers a first line with: nil to go on with the stream, or why not.
    package static func refusal(ofHello line: some Collection<UInt8>, streaming version: Int = SimulationEvent.formatVersion) -> Refusal? {
        guard let hello = try? JSONDecoder().decode(Hello.self, from: Data(line)), hello.hello == helloMark else {
            return Refusal("the first line is not an asyncdemo-tui hello: connection closed")
        }
        guard hello.reads >= version else {
            return Refusal("this program streams format version \(version); the dashboard reads \(hello.reads) and older: connection closed")
        }
        return nil
    }
}
