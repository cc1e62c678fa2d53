/// xorshift64*: the generated inputs (link graphs, file trees) come from the run's seed, so a
/// transcript and the facts the tests check are the same on every run.
public struct LessonRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        // Zero is xorshift's one fixed point; any other start works.
        state = seed == 0 ? 0x2545_F491_4F6C_DD1D : seed
    }

    public mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
