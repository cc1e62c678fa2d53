import AsyncDemoCore
import ConcurrencyProbe

/// What recording one event costs a probed program on its hot path (issue 15: at most 200 ns):
/// a task state change into the ring with a dashboard attached, in bursts that fit the ring
/// (drained untimed between them, as the probe's thread would), the median burst's cost; the
/// same into a full ring (the event dropped and counted); and with nobody attached (one
/// atomic load). ops = events recorded in the timed bursts.
enum ProbeWorkload {
    static let burst = 50_000
    static let bursts = 40

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
        return BenchResult(
            workload: "probe", ops: burst * bursts, seconds: total,
            extra: [
                "ns_per_event_attached_median": attached[attached.count / 2],
                "ns_per_event_attached_p90": attached[attached.count * 9 / 10],
                "ns_per_event_ring_full": full,
                "ns_per_event_not_attached": detached,
                "target_ns_per_event": 200,
                "dropped_events": Double(probe.droppedEvents),
            ])
    }

    private static func timePerEvent(bursts: Int, _ body: () -> Void) -> Double {
        let started = ContinuousClock.now
        for _ in 0..<bursts { body() }
        let elapsed = started.duration(to: .now).components
        return (Double(elapsed.seconds) * 1e9 + Double(elapsed.attoseconds) / 1e9) / Double(bursts * burst)
    }
}
