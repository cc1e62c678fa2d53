import AsyncDemoCore
import DequeModule

/// Owns the producer/consumer half of the scenario: producers send numbered items into the
/// bounded queue at a set rate, consumers take and process them. Samples the queue once per
/// simulated second for the sparkline and the rates, and publishes the Queue pane's snapshot.
public actor Pipeline {
    public static let historyLength = 60

    enum Role: Hashable, CaseIterable {
        case producer, consumer
    }

    private let context: ScenarioContext
    private var members: [Role: Set<TaskID>] = [.producer: [], .consumer: []]
    /// How many of each were ever started, for their labels (p1, p2, c1...).
    private var started: [Role: Int] = [:]
    private var nextItem = 0
    private(set) var rate: Double
    private var history = Deque<Int>()
    private var lastSample: (sent: Int, received: Int)?
    private var rates = (send: 0, receive: 0)
    private var queueSnapshot: BoundedQueueSnapshot
    private var conservationBroken = false
    /// Tasks that ended before `spawn` returned their id (cancelled at once).
    private var gone: Set<TaskID> = []

    init(context: ScenarioContext, rate: Double) {
        self.context = context
        self.rate = rate
        queueSnapshot = context.queue.snapshot()
    }

    /// Samples the queue once a simulated second, for the sparkline and the rates, until cancelled.
    func sampleEverySecond() async {
        while true {
            do { try await context.clock.sleep(for: .seconds(1)) } catch { return }
            sample()
        }
    }

    func sample() {
        let queue = context.queue.snapshot()
        context.events.append(.queueSampled(depth: queue.depth, sent: queue.sent, received: queue.received))
        history.append(queue.depth)
        if history.count > Self.historyLength { history.removeFirst() }
        if let lastSample {
            rates = (queue.sent - lastSample.sent, queue.received - lastSample.received)
        }
        lastSample = (queue.sent, queue.received)
        queueChanged(queue)
    }

    private func queueChanged(_ queue: BoundedQueueSnapshot) {
        queueSnapshot = queue
        let holds = queue.sent == queue.received + queue.depth
        if !holds, !conservationBroken {
            context.log.error("queue conservation broken: sent \(queue.sent) != received \(queue.received) + queued \(queue.depth)")
        }
        conservationBroken = !holds
    }

    /// Starts `delta` more of `role`, or with a negative `delta` stops the newest one.
    func adjust(_ role: Role, by delta: Int) async {
        if delta > 0 {
            for _ in 0..<delta where members[role, default: []].count < ScenarioSettings.pipelineTaskLimits.upperBound {
                await start(role)
            }
        } else if let newest = members[role]?.max() {
            await context.board.cancel(newest)
        }
    }

    func setRate(_ newRate: Double) {
        rate = min(ScenarioSettings.rateLimits.upperBound, max(ScenarioSettings.rateLimits.lowerBound, newRate))
        context.events.append(.producerRateChanged(perSecond: rate))
        context.log.info("producer rate set to \(Format.rate(rate))/s each")
    }

    func stepRate(up: Bool) { setRate(Ladder.step(rate, in: ScenarioSettings.rateSteps, up: up)) }

    func stepCapacity(up: Bool) {
        let capacity = Ladder.step(context.queue.snapshot().capacity, in: ScenarioSettings.capacitySteps, up: up)
        context.queue.setCapacity(capacity)
        context.events.append(.queueResized(capacity: capacity))
        context.log.info("queue capacity set to \(capacity)")
        queueChanged(context.queue.snapshot())
    }

    func takeItemNumber() -> Int {
        nextItem += 1
        return nextItem
    }

    private func start(_ role: Role) async {
        let number = started[role, default: 0] + 1
        started[role] = number
        let label = (role == .producer ? "p" : "c") + "\(number)"
        let id = await context.spawn(label, kind: role == .producer ? .producer : .consumer,
                                     onEnd: { [self] id, _ in await removed(id) }) { [context, self] handle in
            switch role {
            case .producer: try await PipelineBodies.produce(handle, label: label, context: context, pipeline: self)
            case .consumer: try await PipelineBodies.consume(handle, label: label, context: context)
            }
        }
        if !isGone(id) { members[role, default: []].insert(id) }
    }

    /// True when the task ended before `spawn` returned its id (cancelled at once).
    private func isGone(_ id: TaskID) -> Bool { gone.remove(id) != nil }

    private func removed(_ id: TaskID) {
        var wasMember = false
        for role in Role.allCases where members[role]?.remove(id) != nil { wasMember = true }
        if !wasMember { gone.insert(id) }
    }

    public func snapshot() -> PipelineSnapshot {
        queueChanged(context.queue.snapshot())
        return PipelineSnapshot(
            queue: queueSnapshot, depthHistory: Array(history), sendRate: rates.send, receiveRate: rates.receive,
            producers: members[.producer]?.count ?? 0, consumers: members[.consumer]?.count ?? 0, ratePerProducer: rate)
    }


}

/// What the pipeline's tasks do; every wait is on the simulation clock or the queue.
enum PipelineBodies {
    static func produce(_ handle: TaskHandle, label: String, context: ScenarioContext, pipeline: Pipeline) async throws {
        let random = context.random.stream(for: label)
        while true {
            await handle.set(.suspended(.sleep))
            let interval = 1 / (await pipeline.rate)
            try await context.clock.sleep(for: random.seconds(interval * 0.8...interval * 1.2))
            await handle.set(.running)
            let item = await pipeline.takeItemNumber()
            if !context.queue.offer(item) {
                // Full: back-pressure. The task shows as blocked until a consumer makes room.
                await handle.set(.waiting(.queueFull))
                context.events.append(.producerBlocked(task: handle.id))
                do {
                    // Said whether the item goes in or the producer is cancelled while it waits.
                    defer { context.events.append(.producerUnblocked(task: handle.id)) }
                    try await context.queue.send(item)
                }
                await handle.set(.running)
            }
            context.events.append(.itemEnqueued(item: item, producer: handle.id, depth: context.queue.snapshot().depth))
            context.log.info("\(label) enqueued item \(item)", metadata: ["depth": "\(context.queue.snapshot().depth)"])
        }
    }

    static func consume(_ handle: TaskHandle, label: String, context: ScenarioContext) async throws {
        let random = context.random.stream(for: label)
        while true {
            var item = context.queue.poll()
            if item == nil {
                await handle.set(.waiting(.queueEmpty))
                guard let received = try await context.queue.receive() else { return }
                item = received
                await handle.set(.running)
            }
            if let item {
                context.events.append(.itemDequeued(item: item, consumer: handle.id, depth: context.queue.snapshot().depth))
            }
            await handle.set(.suspended(.io))
            try await context.clock.sleep(for: random.seconds(0.25...0.75))
            await handle.set(.running)
        }
    }
}
