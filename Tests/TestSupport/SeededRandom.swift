import AsyncDemoCore

/// The product's seeded generator, under the name the tests have always used.
public typealias SeededRandom = AsyncDemoCore.SeededRandom
