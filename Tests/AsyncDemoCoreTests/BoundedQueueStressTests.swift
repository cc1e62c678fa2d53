import TestSupport
import Testing

@testable import AsyncDemoCore

/// Drives the pure queue state machine through seeded random interleavings of send / receive /
/// cancel / close / resize, including the window between "must wait" and "registered". Each
/// sender sends one unique item (its own number); receivers are numbered from 1,000,000 up.
private struct QueueModel: InterleavingModel {
    typealias Machine = BoundedQueueStateMachine<Int, Int, Int>

    enum Phase: Equatable {
        case pending(WaiterID, cancelled: Bool)
        case waiting(WaiterID)
        case done
    }

    var machine: Machine
    var senders: [Int: Phase] = [:]
    var receivers: [Int: Phase] = [:]
    var nextSender = 0
    var nextReceiver = 1_000_000
    /// Items in the order the queue accepted them, and in the order they were handed out.
    var accepted: [Int] = []
    var delivered: [Int] = []
    /// Items whose sender failed (cancelled or closed): they must never be delivered.
    var rejected: Set<Int> = []
    let failures = Recorder<String>()

    init(rng: inout SeededRandom) {
        machine = Machine(capacity: Int.random(in: 0...3, using: &rng))
    }

    mutating func step(_ rng: inout SeededRandom) {
        let pendingSenders = Self.ids(senders, pending: true)
        let pendingReceivers = Self.ids(receivers, pending: true)
        let liveSenders = pendingSenders + Self.ids(senders, pending: false)
        let liveReceivers = pendingReceivers + Self.ids(receivers, pending: false)
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<25: send()
        case 25..<35: if let sender = pendingSenders.randomElement(using: &rng) { registerSender(sender) }
        case 35..<60: receive()
        case 60..<70: if let receiver = pendingReceivers.randomElement(using: &rng) { registerReceiver(receiver) }
        case 70..<78: if let sender = liveSenders.randomElement(using: &rng) { cancel(sender: sender) }
        case 78..<86: if let receiver = liveReceivers.randomElement(using: &rng) { cancel(receiver: receiver) }
        case 86..<88: close()
        default: resize(to: Int.random(in: 0...4, using: &rng))
        }
    }

    func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { failures.append(message()) }
    }

    static func ids(_ phases: [Int: Phase], pending: Bool) -> [Int] {
        phases.filter {
            switch $0.value {
            case .pending: pending
            case .waiting: !pending
            case .done: false
            }
        }.keys.sorted()
    }

    mutating func accept(_ item: Int) { accepted.append(item) }

    mutating func deliver(_ item: Int, to receiver: Int) {
        check(receivers[receiver] != .done, "receiver \(receiver) resumed twice")
        check(!rejected.contains(item), "item \(item) of a failed sender was delivered")
        check(!delivered.contains(item), "item \(item) delivered twice")
        delivered.append(item)
        receivers[receiver] = .done
    }

    mutating func senderResumed(_ sender: Int) {
        check(senders[sender] != .done, "sender \(sender) resumed twice")
        senders[sender] = .done
    }

    mutating func send() {
        let sender = nextSender
        nextSender += 1
        switch machine.send(sender) {
        case .enqueued: accept(sender); senders[sender] = .done
        case .deliver(let receiver, let item): accept(item); deliver(item, to: receiver); senders[sender] = .done
        case .closed: rejected.insert(sender); senders[sender] = .done
        case .mustWait(let id): senders[sender] = .pending(id, cancelled: false)
        }
    }

    mutating func registerSender(_ sender: Int) {
        guard case .pending(let id, let cancelled) = senders[sender] else { return }
        switch machine.suspendSender(id: id, element: sender, continuation: sender, isCancelled: cancelled) {
        case .waiting: senders[sender] = .waiting(id)
        case .resumeSender: accept(sender); senderResumed(sender)
        case .resumeSenderAndDeliver(_, let receiver, let item):
            accept(item); deliver(item, to: receiver); senderResumed(sender)
        case .failSender(_, let why):
            check(why == .closed || cancelled, "sender failed as cancelled without a cancel")
            rejected.insert(sender); senderResumed(sender)
        }
    }

    mutating func receive() {
        let receiver = nextReceiver
        nextReceiver += 1
        receivers[receiver] = .pending(WaiterID(rawValue: 0), cancelled: false)
        switch machine.receive() {
        case .element(let item, let sender): taken(item, by: receiver, admitting: sender)
        case .finished: receivers[receiver] = .done
        case .mustWait(let id): receivers[receiver] = .pending(id, cancelled: false)
        }
    }

    /// A receive took `item`; `sender`, if any, was admitted (or handed over) as a result.
    mutating func taken(_ item: Int, by receiver: Int, admitting sender: Int?) {
        if let sender {
            check(senders[sender].map { if case .waiting = $0 { true } else { false } } == true,
                  "admitted sender \(sender) was not waiting")
            if !accepted.contains(sender) { accept(sender) }
            senderResumed(sender)
        }
        deliver(item, to: receiver)
    }

    mutating func registerReceiver(_ receiver: Int) {
        guard case .pending(let id, let cancelled) = receivers[receiver] else { return }
        switch machine.suspendReceiver(id: id, continuation: receiver, isCancelled: cancelled) {
        case .waiting: receivers[receiver] = .waiting(id)
        case .resume(_, let item?, let sender): taken(item, by: receiver, admitting: sender)
        case .resume(_, nil, _): receivers[receiver] = .done
        case .resumeCancelled: check(cancelled, "receiver cancelled without a cancel"); receivers[receiver] = .done
        }
    }

    mutating func cancel(sender: Int) {
        switch senders[sender] {
        case .pending(let id, _):
            check(machine.cancelSender(id: id) == nil, "cancel found an unregistered sender")
            senders[sender] = .pending(id, cancelled: true)
        case .waiting(let id):
            check(machine.cancelSender(id: id) == sender, "cancel missed a waiting sender")
            rejected.insert(sender); senders[sender] = .done
        default: break
        }
    }

    mutating func cancel(receiver: Int) {
        switch receivers[receiver] {
        case .pending(let id, _):
            check(machine.cancelReceiver(id: id) == nil, "cancel found an unregistered receiver")
            receivers[receiver] = .pending(id, cancelled: true)
        case .waiting(let id):
            check(machine.cancelReceiver(id: id) == receiver, "cancel missed a waiting receiver")
            receivers[receiver] = .done
        default: break
        }
    }

    mutating func close() {
        let action = machine.close()
        for sender in action.senders { rejected.insert(sender); senderResumed(sender) }
        for receiver in action.receivers { receivers[receiver] = .done }
    }

    mutating func resize(to capacity: Int) {
        for sender in machine.setCapacity(capacity) { accept(sender); senderResumed(sender) }
    }

    func checkInvariants() {
        let depth = machine.buffer.count
        check(machine.sent == machine.received + depth, "law broken: \(machine.sent) != \(machine.received) + \(depth)")
        check(machine.sent == accepted.count && machine.received == delivered.count, "counters disagree with the model")
        check(delivered == Array(accepted.prefix(delivered.count)), "items delivered out of order")
        check(Array(machine.buffer) == Array(accepted.dropFirst(delivered.count)), "buffer is not what was accepted")
        if !machine.receivers.isEmpty {
            check(depth == 0 && machine.senders.isEmpty, "receivers wait while items or senders are available")
        }
        if !machine.senders.isEmpty {
            check(depth >= machine.capacity, "senders wait while there is room")
        }
        check(machine.senders.count == Self.ids(senders, pending: false).count, "sender line size is wrong")
        check(machine.receivers.count == Self.ids(receivers, pending: false).count, "receiver line size is wrong")
    }

    /// Ends everything: registers or cancels pending calls, closes, drains.
    mutating func drain() {
        for sender in Self.ids(senders, pending: true) { registerSender(sender) }
        for receiver in Self.ids(receivers, pending: true) { registerReceiver(receiver) }
        close()
        while true {
            receive()
            if machine.buffer.isEmpty && machine.senders.isEmpty { receive(); break }
        }
        checkInvariants()
        check(delivered == accepted, "items lost: accepted \(accepted.count), delivered \(delivered.count)")
        check(senders.values.allSatisfy { $0 == .done }, "a sender never finished")
        check(receivers.values.allSatisfy { $0 == .done }, "a receiver never finished")
    }
}

@Suite struct BoundedQueueStressTests {
    @Test func queue_state_machine_survives_10000_seeded_interleavings() async {
        await runSeededInterleavings(QueueModel.self)
    }

    @Test func queue_real_tasks_with_random_cancels_close_and_resizes_deliver_each_item_at_most_once() async throws {
        for seed in UInt64(1)...5 {
            var rng = SeededRandom(seed: seed)
            let queue = BoundedQueue<Int>(capacity: 4)
            let got = Recorder<Int>()
            let sentOK = Recorder<Int>()
            var tasks: [Task<Void, Never>] = []
            for item in 0..<400 {
                if rng.chance(50) {
                    tasks.append(Task { if (try? await queue.send(item)) != nil { sentOK.append(item) } })
                } else {
                    tasks.append(Task { if let value = try? await queue.receive() { got.append(value) } })
                }
                if rng.chance(10) { tasks.randomElement(using: &rng)?.cancel() }
                if rng.chance(3) { queue.setCapacity(Int.random(in: 0...6, using: &rng)) }
            }
            queue.close()
            for task in tasks { await task.value }
            var rest: [Int] = []
            for await item in queue { rest.append(item) }
            let received = got.values + rest
            #expect(Set(received).count == received.count, "seed \(seed): an item was delivered twice")
            #expect(received.sorted() == sentOK.values.sorted(), "seed \(seed): items not conserved")
            let snapshot = queue.snapshot()
            #expect(snapshot.sent == snapshot.received + snapshot.depth, "seed \(seed)")
        }
    }
}
