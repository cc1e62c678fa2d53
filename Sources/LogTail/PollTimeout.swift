extension Duration {
    /// poll(2)'s timeout argument: whole milliseconds, clamped to what an Int32 holds.
    var pollMilliseconds: Int32 {
        Int32(clamping: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
