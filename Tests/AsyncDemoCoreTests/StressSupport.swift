import Synchronization
import TestSupport
import Locking
import Testing

@testable import AsyncDemoCore

/// An append-only list shared between test tasks. `LockedState`, not `Mutex`, so that TSan sees
/// the lock (see LockedState.swift).
final class Recorder<Value: Sendable>: Sendable {
    private let storage = LockedState<[Value]>([])

    func append(_ value: Value) { storage.withLock { $0.append(value) } }

    var values: [Value] { storage.withLock { $0 } }
}

/// A shared counter for "how many are inside right now" checks.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    /// Returns the new value.
    @discardableResult
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }

    func decrement() { value.subtract(1, ordering: .relaxed) }

    var current: Int { value.load(ordering: .relaxed) }
}

/// A pure model driven by `runSeededInterleavings`.
protocol InterleavingModel {
    init(rng: inout SeededRandom)
    mutating func step(_ rng: inout SeededRandom)
    func checkInvariants()
    /// Ends every outstanding call and checks nothing was lost.
    mutating func drain()
    var failures: Recorder<String> { get }
}

/// Runs `seeds` interleavings of `steps` random steps each, checking the invariants after every
/// step, and records the first failing seed so it can be replayed. It yields between seeds: the
/// pool has only two threads here, and a loop that never yields starves the tests that need
/// real tasks to run.
func runSeededInterleavings<Model: InterleavingModel>(
    _: Model.Type, seeds: ClosedRange<UInt64> = 1...10_000, steps: Int = 40,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    for seed in seeds {
        if seed % 64 == 0 { await Task.yield() }
        var rng = SeededRandom(seed: seed)
        var model = Model(rng: &rng)
        for _ in 0..<steps where model.failures.values.isEmpty {
            model.step(&rng)
            model.checkInvariants()
        }
        model.drain()
        if !model.failures.values.isEmpty {
            Issue.record(
                "seed \(seed): \(model.failures.values.joined(separator: "; "))",
                sourceLocation: sourceLocation)
            return
        }
    }
}
