import TestSupport
import Testing

@testable import AsyncDemoCore

/// Drives the pure semaphore state machine through seeded random interleavings, including the
/// window between "must wait" and "registered" where cancellations and releases can slip in,
/// and checks every invariant after every step. Task numbers stand in for continuations.
private struct SemaphoreModel: InterleavingModel {
    typealias Machine = SemaphoreStateMachine<Int>

    enum Phase: Equatable {
        /// Told to wait but not yet in line; `cancelled` records a cancel that arrived meanwhile.
        case pending(WaiterID, cancelled: Bool)
        case waiting(WaiterID)
        case holding
        case finished
    }

    var machine: Machine
    var phases: [Int: Phase] = [:]
    /// The id each task was given when told to wait, kept so a late cancel can use it.
    var waiterIDOf: [Int: WaiterID] = [:]
    var nextTask = 0
    let now = SimulationInstant.start
    let failures = Recorder<String>()

    init(rng: inout SeededRandom) {
        machine = Machine(permits: Int.random(in: 0...4, using: &rng))
    }

    mutating func step(_ rng: inout SeededRandom) {
        let pending = tasks { if case .pending = $0 { true } else { false } }
        let holders = tasks { $0 == .holding }
        let live = tasks { $0 != .finished }
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<30: acquire(&rng)
        case 30..<45: if let task = pending.randomElement(using: &rng) { register(task) }
        case 45..<70: if let task = holders.randomElement(using: &rng) { release(task) }
        case 70..<90: if let task = live.randomElement(using: &rng) { cancel(task) }
        default: resize(to: Int.random(in: 0...5, using: &rng))
        }
    }

    func tasks(where predicate: (Phase) -> Bool) -> [Int] {
        phases.filter { predicate($0.value) }.keys.sorted()
    }

    func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { failures.append(message()) }
    }

    /// A continuation was resumed with a permit: it must have been the first in line.
    mutating func granted(_ task: Int) {
        guard case .waiting(let id) = phases[task] else {
            return check(false, "task \(task) granted while \(String(describing: phases[task]))")
        }
        let oldest = phases.values.compactMap { phase -> WaiterID? in
            if case .waiting(let id) = phase { return id } else { return nil }
        }.min()
        check(id == oldest, "task \(task) (\(id)) granted before older waiter \(String(describing: oldest))")
        phases[task] = .holding
        check(machine.held <= machine.permits, "grant beyond permits: held \(machine.held) > \(machine.permits)")
    }

    mutating func acquire(_ rng: inout SeededRandom) {
        let task = nextTask
        nextTask += 1
        switch machine.acquire(owner: nil) {
        case .granted:
            phases[task] = .holding
            check(machine.held <= machine.permits, "fast-path grant beyond permits")
        case .mustWait(let id):
            phases[task] = .pending(id, cancelled: false)
            waiterIDOf[task] = id
        }
    }

    mutating func register(_ task: Int) {
        guard case .pending(let id, let cancelled) = phases[task] else { return }
        switch machine.suspend(id: id, owner: nil, since: now, continuation: task, isCancelled: cancelled) {
        case .waiting:
            check(!cancelled, "a cancelled task was put in line")
            phases[task] = .waiting(id)
        case .resumeGranted(let resumed):
            check(resumed == task && !cancelled, "wrong immediate grant")
            phases[task] = .holding
        case .resumeCancelled(let resumed):
            check(resumed == task && cancelled, "cancelled without a cancel")
            phases[task] = .finished
        }
    }

    mutating func release(_ task: Int) {
        phases[task] = .finished
        switch machine.release(owner: nil) {
        case .none: break
        case .resumeGranted(let next): granted(next)
        case .notHeld: check(false, "release of a held permit reported notHeld")
        }
    }

    mutating func cancel(_ task: Int) {
        switch phases[task] {
        case .pending(let id, _):
            if case .resumeCancelled = machine.cancel(id: id) { check(false, "cancel found an unregistered waiter") }
            phases[task] = .pending(id, cancelled: true)
        case .waiting(let id):
            if case .resumeCancelled(let resumed) = machine.cancel(id: id) {
                check(resumed == task, "cancel resumed the wrong task")
            } else {
                check(false, "cancel of a waiting task did nothing")
            }
            phases[task] = .finished
        case .holding:
            // The race where the grant won: the cancel must be a no-op, the task keeps its permit.
            guard let id = waiterIDOf[task] else { return }
            let heldBefore = machine.held
            if case .resumeCancelled = machine.cancel(id: id) { check(false, "cancel after grant resumed") }
            check(machine.held == heldBefore, "a late cancel changed the permits held")
        default: break
        }
    }

    mutating func resize(to permits: Int) {
        for resumed in machine.setPermits(permits) { granted(resumed) }
    }

    func checkInvariants() {
        let holding = tasks { $0 == .holding }.count
        let waiting = tasks { if case .waiting = $0 { true } else { false } }.count
        check(machine.held == holding, "held \(machine.held) but \(holding) holders")
        check(machine.waiters.count == waiting, "line has \(machine.waiters.count) but \(waiting) waiting")
        check(machine.available == max(0, machine.permits - machine.held), "available is wrong")
        if waiting > 0 {
            check(machine.held >= machine.permits, "idle permit while \(waiting) wait (lost permit)")
        }
    }

    /// Ends every task: pending ones are cancelled, waiters cancelled, holders release.
    mutating func drain() {
        for task in tasks(where: { if case .pending = $0 { true } else { false } }) {
            cancel(task)
            register(task)
        }
        for task in tasks(where: { if case .waiting = $0 { true } else { false } }) { cancel(task) }
        while let holder = tasks(where: { $0 == .holding }).first { release(holder) }
        check(machine.held == 0 && machine.waiters.isEmpty, "not empty after every task ended")
        check(machine.available == machine.permits, "permit lost: \(machine.available) of \(machine.permits)")
    }
}

@Suite struct SemaphoreStressTests {
    @Test func semaphore_state_machine_survives_10000_seeded_interleavings() async {
        await runSeededInterleavings(SemaphoreModel.self)
    }

    @Test func semaphore_real_tasks_with_random_cancels_and_resizes_end_with_every_permit_back() async throws {
        // Given a small semaphore and 300 tasks that hold it briefly, some cancelled mid-way
        for seed in UInt64(1)...5 {
            var rng = SeededRandom(seed: seed)
            let semaphore = AsyncSemaphore(permits: 3)
            let overGrant = Recorder<String>()
            let inside = Counter()
            var tasks: [Task<Void, Never>] = []
            for _ in 0..<300 {
                tasks.append(Task {
                    try? await semaphore.withPermit {
                        // Holders granted before a decrease may exceed the new count, never the old.
                        if inside.increment() > 5 { overGrant.append("more than 5 holders") }
                        await Task.yield()
                        inside.decrement()
                    }
                })
                if rng.chance(10) { tasks.randomElement(using: &rng)?.cancel() }
                if rng.chance(3) { semaphore.setPermits(Int.random(in: 1...5, using: &rng)) }
            }
            for task in tasks { await task.value }
            // Then no permit is held, none lost, and no more holders ran than the count allowed
            let snapshot = semaphore.snapshot()
            #expect(snapshot.held == 0, "seed \(seed)")
            #expect(snapshot.available == snapshot.permits, "seed \(seed)")
            #expect(snapshot.waiterCount == 0, "seed \(seed)")
            #expect(overGrant.values.isEmpty, "seed \(seed)")
        }
    }
}
