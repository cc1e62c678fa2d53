import Foundation

/// Follows one file as `tail -F` does, as an AsyncSequence of lines and notices.
///
/// Each iteration starts its own reader thread: reading and waiting block that thread, never the
/// cooperative pool. The thread hands events over through a bounded buffer and waits when the
/// consumer lags (nothing is dropped). Ending the iteration (break, task cancellation, dropping
/// the iterator) stops the thread and closes its descriptors and watches.
///
///     for await event in LogFollower(path: "/var/log/dpkg.log") {
///         switch event {
///         case .lines(let batch): for line in batch { print(line.lossyText) }
///         case .notice(let notice): print(notice)
///         }
///     }
public struct LogFollower: AsyncSequence, Sendable {
    public typealias Element = FollowEvent
    public typealias Failure = Never

    public let path: String
    public let options: FollowOptions
    let diagnostics = FollowDiagnostics()

    public init(path: String, options: FollowOptions = FollowOptions()) {
        self.path = path
        self.options = options
    }

    public func makeAsyncIterator() -> Iterator {
        let wake = WakeSignal()
        let channel = EventChannel(capacity: options.bufferedEventLimit, wakeReader: wake)
        startReaderThread(path: path, options: options, sink: channel, wake: wake, diagnostics: diagnostics)
        return Iterator(handle: ChannelHandle(channel: channel))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let handle: ChannelHandle

        public mutating func next() async -> FollowEvent? {
            await handle.channel.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> FollowEvent? {
            await handle.channel.next()
        }
    }
}

/// Ends the channel when the last copy of the iterator goes away, so a consumer that simply stops
/// iterating still stops the reader thread.
final class ChannelHandle: Sendable {
    let channel: EventChannel
    init(channel: EventChannel) { self.channel = channel }
    deinit { channel.terminate() }
}

/// Runs a `FollowEngine` on a new thread of its own.
func startReaderThread(path: String, options: FollowOptions, sink: any FollowEventSink,
                       wake: WakeSignal, diagnostics: FollowDiagnostics) {
    let thread = Thread {
        do {
            let engine = FollowEngine(path: path, options: options, sink: sink, wake: wake, diagnostics: diagnostics)
            engine.run()
        }
        diagnostics.update { $0.readerFinished = true }
    }
    thread.name = "LogTail reader"
    thread.stackSize = 256 * 1024
    thread.start()
}
