import AsyncDemoCore
import Synchronization

/// The scenario's one source of chance (job lengths, pauses, failures), seeded by `--seed`.
final class ScenarioRandom: Sendable {
    private let generator: Mutex<SeededRandom>

    init(seed: UInt64) {
        generator = Mutex(SeededRandom(seed: seed))
    }

    /// A duration between `range`'s bounds, in seconds, to the millisecond.
    func seconds(_ range: ClosedRange<Double>) -> Duration {
        let value = generator.withLock { Double.random(in: range, using: &$0) }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    func chance(_ percent: Int) -> Bool {
        generator.withLock { $0.chance(percent) }
    }
}
