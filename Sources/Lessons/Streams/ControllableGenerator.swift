/// A generator that can be paused, resumed and stopped from outside while it runs: the scene
/// drives it from the keyboard, the plain command from a script.
public final class ControllableGenerator: Sendable {
    public let values: AsyncStream<Int>
    private let running = AsyncEvent(isSet: true)
    private let stopped = Recorded(false)
    private let producer: Task<Void, any Error>

    /// Starts producing 1, 2, 3... one every `interval` of lesson time.
    public init(interval: Duration, in context: LessonContext) {
        // Newest 8: a consumer that stalls (a scene not being drawn) resumes with recent values
        // instead of an ever-growing backlog; a value is never produced while paused anyway.
        let (values, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(8))
        self.values = values
        let task = context.spawn("generator") { [running, stopped] in
            var next = 1
            defer { continuation.finish() }
            while !stopped.value {
                // Parks here while paused: no timer, no polling.
                if !running.isSet { try await context.waiting(for: .event) { try await running.wait() } }
                try await context.sleep(interval)
                // Paused or stopped during the sleep: that value is not produced.
                guard running.isSet, !stopped.value else { continue }
                continuation.yield(next)
                next += 1
            }
        }
        producer = task
        continuation.onTermination = { _ in task.cancel() }
    }

    public var isPaused: Bool { !running.isSet }

    public func pause() { running.clear() }

    public func resume() { running.set() }

    /// Ends the stream; the consumer's `for await` finishes.
    public func stop() {
        stopped.update { $0 = true }
        producer.cancel()
        running.set()
    }
}

/// The plain command follows a script (run, pause, resume, stop); a dashboard scene hands the
/// generator to the keyboard instead, until `G` stops it.
public enum ControllableGeneratorDemo {
    public struct Emission: Sendable, Equatable {
        public let value: Int
        public let at: Duration
    }

    public struct Pause: Sendable, Equatable {
        public let from: Duration
        public let until: Duration
    }

    public struct Outcome: Sendable {
        public let emissions: [Emission]
        public let pauses: [Pause]
        public let stoppedAt: Duration
    }

    public static let interval = Duration.milliseconds(500)

    public static func run(_ context: LessonContext) async throws -> Outcome {
        let generator = ControllableGenerator(interval: interval, in: context)
        let consumer = context.spawn("consumer") {
            var emissions: [Emission] = []
            for await value in generator.values {
                emissions.append(Emission(value: value, at: context.clock.elapsed))
                context.mark(.generated(value))
                context.say("value \(value)")
            }
            context.say("stream finished")
            return emissions
        }
        context.mark(.generator(.running))
        var pauses: [Pause] = []
        var pausedFrom: Duration?
        func toggle() {
            if let from = pausedFrom {
                pauses.append(Pause(from: from, until: context.clock.elapsed))
                pausedFrom = nil
                context.say("resume")
                generator.resume()
                context.mark(.generator(.running))
            } else {
                pausedFrom = context.clock.elapsed
                context.say(context.scene == nil ? "pause (a key press in the scene)" : "pause")
                generator.pause()
                context.mark(.generator(.paused))
            }
        }
        if let controls = context.scene?.controls {
            context.say("g pauses and resumes the generator, G stops it")
            keys: for await control in controls {
                switch control {
                case .togglePause: toggle()
                case .stop: break keys
                }
            }
            // The keys end only with the scene; the runner then cancels the generator's tasks.
            try Task.checkCancellation()
        } else {
            try await context.sleep(.milliseconds(1600))
            toggle()
            try await context.sleep(.milliseconds(1500))
            toggle()
            try await context.sleep(.milliseconds(1100))
        }
        if let from = pausedFrom { pauses.append(Pause(from: from, until: context.clock.elapsed)) }
        let stoppedAt = context.clock.elapsed
        context.say("stop")
        generator.stop()
        context.mark(.generator(.stopped))
        let emissions = try await consumer.value
        return Outcome(emissions: emissions, pauses: pauses, stoppedAt: stoppedAt)
    }
}
