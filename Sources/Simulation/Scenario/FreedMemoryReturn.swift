import AsyncDemoCore
import Glibc

/// Gives back to the system the memory a flood of tasks freed once it has drained (a paste of
/// 5,000 `s` makes 10,000 tasks in a second). glibc keeps freed blocks in the arena of the
/// thread that used them, for reuse, and returns only the top of a heap: with the long-lived
/// blocks of the event log, the board and the log history scattered among them, the 35 MB the
/// tasks freed stayed resident for good. `malloc_trim` releases every whole free page.
///
/// Judged from the board's running totals, not from what one frame shows: while a flood runs
/// the simulation is seldom quiet, so frames may skip it altogether.
struct FreedMemoryReturn {
    /// So many tasks ended since memory was last handed back make a flood.
    static let floodSize = 1_000
    /// ... once the board keeps (live, or finished and still listed) at most this share of them.
    static let drainedShare = 32

    private var endedAtLastReturn = 0
    /// How many times memory was handed back.
    private(set) var returns = 0

    /// Called with each board snapshot a frame takes.
    mutating func boardChanged(_ board: TaskBoardSnapshot) {
        let ended = board.counters.spawned - board.liveCount
        let endedSince = ended - endedAtLastReturn
        let kept = board.liveCount + board.recentlyFinishedCount
        guard endedSince >= Self.floodSize, kept * Self.drainedShare <= endedSince else { return }
        endedAtLastReturn = ended
        returns += 1
        Self.trimAllocator()
    }

    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// `malloc_trim`, looked up once at run time: Glibc's module map leaves out `<malloc.h>`.
    private static let mallocTrim: MallocTrim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
        .map { unsafeBitCast($0, to: MallocTrim.self) }

    /// `malloc_trim(0)`: it walks the heaps once, a few milliseconds after a flood, rare otherwise.
    private static func trimAllocator() {
        _ = mallocTrim?(0)
    }
}
