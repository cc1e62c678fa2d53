import AsyncDemoCore
import Locking

/// Chance for the scenario (job lengths, pauses, failures), seeded by `--seed`. Each task draws
/// from its own stream, derived from the seed and the task's name, so what one task draws does
/// not depend on the order tasks happen to run in: the same seed replays the same choices.
final class ScenarioRandom: Sendable {
    private let seed: UInt64
    private let generator: LockedState<SeededRandom>

    init(seed: UInt64) {
        self.seed = seed
        generator = LockedState(SeededRandom(seed: seed))
    }

    /// The stream of the task called `name` (FNV-1a of the name, mixed into the seed).
    func stream(for name: String) -> ScenarioRandom {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return ScenarioRandom(seed: seed ^ hash)
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
