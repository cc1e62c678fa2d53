#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value guarded by a `pthread_mutex_t`: the package's only lock, used by every target instead of
/// `Synchronization.Mutex`.
///
/// Why not `Synchronization.Mutex`: on Linux its contended path (`_MutexHandle._lockSlow`, futex)
/// lives in libswiftSynchronization, which is not built with ThreadSanitizer, so TSan never sees
/// the happens-before edge an unlock gives the next lock and reports every contended critical
/// section as a race. Tests/tsan-mutex-repro.swift shows it: two threads doing 200,000
/// increments each under a `Mutex` end with the exact total yet TSan reports races; under a
/// `pthread_mutex_t` it reports none. TSan intercepts `pthread_mutex_lock`/`unlock`, so with this
/// lock `swift test --sanitize=thread` checks the core's critical sections for real instead of
/// needing a suppression that would hide real races too. Measured against `Mutex` with
/// asyncdemo-bench semaphore and queue, interleaved runs: same throughput and peak RSS.
///
/// The state and the mutex live in manually allocated memory: a `pthread_mutex_t` must never
/// move, and a pointer avoids the dynamic exclusivity checks a class stored property would cost
/// on every access. They share one block, aligned to a cache line and a whole number of lines
/// long, so no other allocation's writes land on the lines two threads pass back and forth with
/// the lock. Allocated apart, as two small mallocs among the queue's other objects, the queue on
/// the global pool took 6-29 % more CPU than c3b5bda's build whenever both of the pool's threads
/// ran at once, with the same instructions (callgrind); which neighbour shared the lines was not
/// found. In one block, in the three runs that showed the loss: 0.44, 0.34 and 0.23 CPU s a
/// run, against 0.58, 0.38 and 0.28 apart and 0.47, 0.35 and 0.24 for c3b5bda (Benchmarks/ab
/// queue, README).
///
/// A module of its own so that the core, the lessons, the follower, the dashboard and the tests
/// all lock the same way; `withLock` is `@inlinable`, so a caller in another module gets it
/// inlined as if the lock were its own.
@usableFromInline
package final class LockedState<State>: @unchecked Sendable {
    // @unchecked Sendable, proof: `value` is read or written only inside `withLock`, between
    // `pthread_mutex_lock` and `pthread_mutex_unlock` on `mutex`; neither pointer escapes; both
    // are set once in `init` and freed in `deinit`, when no other reference exists. Callers only
    // put Sendable state behind it or state whose non-Sendable parts (continuations) are resumed
    // outside the lock by the storage that owns it.
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline let value: UnsafeMutablePointer<State>

    package init(_ initial: State) {
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: Self.blockSize, alignment: max(Self.cacheLine, MemoryLayout<State>.alignment))
        mutex = block.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        #if canImport(Glibc)
            // Spins briefly before sleeping, as `Mutex` does: the critical sections are a few
            // dozen instructions, so sleeping at the first contention costs far more than waiting.
            pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        let status = pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
        value = (block + Self.valueOffset).bindMemory(to: State.self, capacity: 1)
        value.initialize(to: initial)
    }

    deinit {
        value.deinitialize(count: 1)
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        UnsafeMutableRawPointer(mutex).deallocate()
    }

    private static var cacheLine: Int { 64 }

    /// Where the state starts in the block: right after the mutex, at the state's alignment.
    private static var valueOffset: Int {
        let alignment = MemoryLayout<State>.alignment
        return (MemoryLayout<pthread_mutex_t>.size + alignment - 1) / alignment * alignment
    }

    /// The mutex and the state, rounded up to whole cache lines.
    private static var blockSize: Int {
        (valueOffset + MemoryLayout<State>.size + cacheLine - 1) / cacheLine * cacheLine
    }

    /// Runs `body` with exclusive access to the state. `body` must not block, suspend or resume
    /// continuations (resume them after `withLock` returns).
    ///
    /// Inlined into the caller: call it from a synchronous, `@inline(never)` function, not from an
    /// async one, or its temporaries land in the task's async frame (see
    /// `SemaphoreStorage.fastAcquire`).
    @inlinable @inline(__always)
    package func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}
