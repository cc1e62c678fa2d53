import Synchronization
import Glibc
// Is Synchronization.Mutex visible to ThreadSanitizer on Linux? (Why Sources/AsyncDemoCore uses
// LockedState, a pthread_mutex_t, instead.) Not part of any target; run it by hand:
//   swiftc -swift-version 5 -sanitize=thread -O Tests/tsan-mutex-repro.swift -o /tmp/repro
//   /tmp/repro        # Mutex:           prints "mutex 400000", TSan reports 2-3 races, exit 66
//   /tmp/repro p      # pthread_mutex_t: prints "pthread 400000", no report, exit 0
// (Swift 6.3.1, x86_64 Linux, 2 cores.) Two threads each do 200k increments of an array element
// guarded by a lock. Correct by construction (the total is exact), so any report is TSan not
// seeing the lock: Mutex's contended path is a futex in uninstrumented libswiftSynchronization.
final class Guarded: @unchecked Sendable {  // unchecked: every access below holds `lock` or `mutex`
    let mutex = Mutex<[Int]>([0])
    var plain = [0]
    var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
}
let useMutex = CommandLine.arguments.count < 2
func work(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let g = Unmanaged<Guarded>.fromOpaque(raw!).takeUnretainedValue()
    for _ in 0..<200_000 {
        if useMutex { g.mutex.withLock { $0[0] += 1 } }
        else { pthread_mutex_lock(&g.lock); g.plain[0] += 1; pthread_mutex_unlock(&g.lock) }
    }
    return nil
}
let g = Guarded()
var t1 = pthread_t(), t2 = pthread_t()
let p = Unmanaged.passRetained(g).toOpaque()
pthread_create(&t1, nil, work, p); pthread_create(&t2, nil, work, p)
pthread_join(t1, nil); pthread_join(t2, nil)
print(useMutex ? "mutex \(g.mutex.withLock { $0[0] })" : "pthread \(g.plain[0])")
