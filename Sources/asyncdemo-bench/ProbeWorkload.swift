import AsyncDemoCore
import ConcurrencyProbe
import Foundation
import Tracing

/// What recording one event costs a probed program on its hot path (issue 15: at most 200 ns):
/// a task state change into the ring with a dashboard attached, in bursts that fit the ring
/// (drained untimed between them, as the probe's thread would), the median burst's cost; the
/// same into a full ring (the event dropped and counted); and with nobody attached (one
/// atomic load). ops = events recorded in the timed bursts.
/// Beside it, what a traced server pays per request: one span's life as Hummingbird's
/// `TracingMiddleware` drives it, under swift-distributed-tracing's no-op tracer (the unprobed
/// server) and under the probe's, attached or not; and the probe thread's cost to write one
/// event of a request's mix as a JSON line, by hand and with `JSONEncoder`.
enum ProbeWorkload {
    static let burst = 50_000
    static let bursts = 40
    static let spans = 20_000

    static func run() async throws -> BenchResult {
        let probe = Probe(program: "bench", ringCapacity: burst)
        let task = TaskID(rawValue: 7)
        let detached = timePerEvent(bursts: 5) {
            for index in 0..<burst { probe.record(.taskStateChanged(task: task, state: index & 1 == 0 ? .running : .waiting(.semaphore))) }
        }
        probe.attachInProcess()
        var attached: [Double] = []
        var total = 0.0
        for _ in 0..<bursts {
            let perEvent = timePerEvent(bursts: 1) {
                for index in 0..<burst { probe.record(.taskStateChanged(task: task, state: index & 1 == 0 ? .running : .waiting(.semaphore))) }
            }
            attached.append(perEvent)
            total += perEvent * Double(burst) / 1e9
            guard probe.discardRecorded() == burst else { fatalError("the ring lost events of a burst that fits it") }
        }
        for _ in 0..<burst { probe.record(.commandApplied(command: "fill")) }
        let full = timePerEvent(bursts: 5) {
            for _ in 0..<burst { probe.record(.taskStateChanged(task: task, state: .running)) }
        }
        attached.sort()
        let spanCosts = spanLifeCosts()
        let encoding = encodingCosts()
        return BenchResult(
            workload: "probe", ops: burst * bursts, seconds: total,
            extra: [
                "ns_per_event_attached_median": attached[attached.count / 2],
                "ns_per_event_attached_p90": attached[attached.count * 9 / 10],
                "ns_per_event_ring_full": full,
                "ns_per_event_not_attached": detached,
                "target_ns_per_event": 200,
                "dropped_events": Double(probe.droppedEvents),
                "ns_per_span_noop_tracer": spanCosts.noop,
                "ns_per_span_not_attached": spanCosts.notAttached,
                "ns_per_span_attached": spanCosts.attached,
                "ns_per_event_line_encoder": encoding.byHand,
                "ns_per_event_json_encoder": encoding.jsonEncoder,
            ])
    }

    /// Medians of 9 interleaved rounds of `spans` span lives each, in ns a span.
    private static func spanLifeCosts() -> (noop: Double, notAttached: Double, attached: Double) {
        let noop = NoOpTracer()
        let detached = Probe(program: "bench", ringCapacity: 1 << 16)
        let attachedProbe = Probe(program: "bench", ringCapacity: 1 << 16)
        attachedProbe.attachInProcess()
        var rounds: ([Double], [Double], [Double]) = ([], [], [])
        for _ in 0..<9 {
            rounds.0.append(timePer(spans) { for _ in 0..<spans { spanLife(noop) } })
            rounds.1.append(timePer(spans) { for _ in 0..<spans { spanLife(detached.tracer) } })
            rounds.2.append(timePer(spans) {
                for index in 0..<spans {
                    spanLife(attachedProbe.tracer)
                    // The probe's thread drains it 100 times a second; a span is a few events.
                    if index % 4096 == 0 { _ = attachedProbe.discardRecorded() }
                }
            })
            _ = attachedProbe.discardRecorded()
        }
        return (median(rounds.0), median(rounds.1), median(rounds.2))
    }

    /// One request's span as `TracingMiddleware` makes it: started, its attributes set before
    /// and after the route, renamed for the route, ended.
    private static func spanLife<Traced: Tracer>(_ tracer: Traced) {
        let span = tracer.startSpan("HTTP GET route not found", context: .topLevel, ofKind: .server)
        span.updateAttributes { attributes in
            attributes["http.request.method"] = "GET"
            attributes["url.path"] = "/db"
            attributes["url.query"] = String?.none
            attributes["user_agent.original"] = String?.none
            attributes["http.request.body.size"] = Int?.none
        }
        span.operationName = "/db"
        span.updateAttributes { attributes in
            attributes["http.route"] = "/db"
            attributes["http.response.status_code"] = 200
            attributes["http.response.body.size"] = 3
        }
        span.end()
    }

    /// A request's events as the probe sends them (its span and its permit), ns an event.
    private static func encodingCosts() -> (byHand: Double, jsonEncoder: Double) {
        let task = TaskID(rawValue: 4_242)
        let kinds: [(SimulationEvent.Kind, String?, [String: String]?)] = [
            (.taskSpawned(task: task, name: "HTTP GET route not found", kind: "span.server", parent: nil), nil, nil),
            (.taskStateChanged(task: task, state: .running), nil, nil),
            (.permitRequested(task: task), "db", nil),
            (.taskStateChanged(task: task, state: .waiting(.semaphore)), nil, nil),
            (.permitGranted(task: task, waitedNanoseconds: 2_345_678), "db", nil),
            (.taskStateChanged(task: task, state: .running), nil, nil),
            (.permitReleased(task: task), "db", nil),
            (.taskFinished(task: task, state: .completed),
             nil, ["http.request.method": "GET", "http.response.status_code": "200", "http.route": "/db", "url.path": "/db"]),
        ]
        let events = (0..<4_096).map { index in
            let (kind, resource, fields) = kinds[index % kinds.count]
            return SimulationEvent(
                sequence: UInt64(index + 1_000_000), at: SimulationInstant(sinceStart: .nanoseconds(Int64(index) * 123_457)),
                kind: kind, resource: resource, fields: fields)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 20)
        var rounds: ([Double], [Double]) = ([], [])
        for _ in 0..<9 {
            rounds.0.append(timePer(events.count) {
                bytes.removeAll(keepingCapacity: true)
                for event in events { _ = EventLineEncoder.append(event, to: &bytes) }
            })
            rounds.1.append(timePer(events.count) {
                bytes.removeAll(keepingCapacity: true)
                for event in events {
                    guard let line = try? encoder.encode(event) else { continue }
                    bytes += line
                    bytes.append(UInt8(ascii: "\n"))
                }
            })
        }
        return (median(rounds.0), median(rounds.1))
    }

    private static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    private static func timePer(_ count: Int, _ body: () -> Void) -> Double {
        let started = ContinuousClock.now
        body()
        let elapsed = started.duration(to: .now).components
        return (Double(elapsed.seconds) * 1e9 + Double(elapsed.attoseconds) / 1e9) / Double(count)
    }

    private static func timePerEvent(bursts: Int, _ body: () -> Void) -> Double {
        let started = ContinuousClock.now
        for _ in 0..<bursts { body() }
        let elapsed = started.duration(to: .now).components
        return (Double(elapsed.seconds) * 1e9 + Double(elapsed.attoseconds) / 1e9) / Double(bursts * burst)
    }
}
