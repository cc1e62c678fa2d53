import Foundation

/// An AsyncStream generator read with `for await`, and a monitor that watches a stream of
/// sensor readings for values out of range.
public enum SimpleGenerators {
    /// A countdown that waits `interval` between values: the async twin of a Python generator.
    /// The producing task ends when the count does, or when the consumer stops listening.
    public static func countdown(from start: Int, interval: Duration, in context: LessonContext) -> AsyncStream<Int> {
        // Unbounded is safe here: the producer makes `start` values at most, and a generator
        // must not drop any when the consumer is slow.
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let producer = context.spawn("countdown") {
            for value in stride(from: start, to: 0, by: -1) {
                try await context.sleep(interval)
                continuation.yield(value)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in producer.cancel() }
        return stream
    }

    public static func runCountdown(_ context: LessonContext) async throws -> [Int] {
        context.say("consuming countdown(from: 5) with for await")
        var received: [Int] = []
        for await value in countdown(from: 5, interval: .milliseconds(500), in: context) {
            context.say("got \(value)")
            received.append(value)
        }
        try await context.beat()
        context.say("the stream finished after \(received.count) values")
        return received
    }

    public struct MonitorOutcome: Sendable {
        public let readings: [Double]
        public let alerts: [Double]
        public let average: Double
    }

    /// Readings a sensor sends once every 250 ms; two of them out of range on purpose.
    public static let sensorReadings: [Double] = [21.5, 22.0, 22.4, 29.8, 22.9, 23.1, 18.2, 30.5, 23.0, 22.7]
    public static let alertAbove = 28.0

    public static func runMonitor(_ context: LessonContext) async throws -> MonitorOutcome {
        // Every reading must reach the monitor (an alert may not be dropped), and the sensor sends
        // a fixed handful, so the buffer is left unbounded.
        let (readings, feed) = AsyncStream.makeStream(of: Double.self)
        let sensor = context.spawn("sensor") {
            for value in sensorReadings {
                try await context.sleep(.milliseconds(250))
                feed.yield(value)
            }
            feed.finish()
        }
        var seen: [Double] = []
        var alerts: [Double] = []
        for await value in readings {
            seen.append(value)
            let average = seen.reduce(0, +) / Double(seen.count)
            if value > alertAbove {
                alerts.append(value)
                context.say("ALERT \(value) above \(alertAbove) (running average \(format(average)))")
            } else {
                context.say("reading \(value), running average \(format(average))")
            }
        }
        try await sensor.value
        try await context.beat()
        let average = seen.reduce(0, +) / Double(seen.count)
        context.say("\(seen.count) readings, \(alerts.count) alerts")
        return MonitorOutcome(readings: seen, alerts: alerts, average: average)
    }

    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
