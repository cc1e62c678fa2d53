import AsyncDemoCore

/// What the pool's tasks do. Every wait is on the simulation clock or a primitive, so pausing
/// the clock freezes them and cancelling them ends them at once (releasing any permit held).
enum WorkerBodies {
    static func workerLoop(_ handle: TaskHandle, label: String, context: ScenarioContext, pool: WorkerPool) async throws {
        let random = context.random.stream(for: label)
        while true {
            try await holdPermit(handle, label: label, isJob: false, for: random.seconds(1...4), random: random,
                                 context: context, pool: pool)
            await pool.report(handle.id, label: label, isJob: false, phase: .sleeping)
            await handle.set(.suspended(.sleep))
            try await context.clock.sleep(for: random.seconds(0.3...1.5))
            await handle.set(.running)
        }
    }

    /// A one-off job (`s`): sleeps, competes for a permit, computes while holding it, logs the
    /// result. A child task audits it meanwhile, so cancelling the job visibly cancels a child.
    static func job(_ handle: TaskHandle, label: String, context: ScenarioContext, pool: WorkerPool) async throws {
        let random = context.random.stream(for: label)
        let auditLength = random.seconds(3...8)
        await context.spawn("\(label).audit", kind: "child", parent: handle.id) { child in
            await child.set(.suspended(.io))
            try await context.clock.sleep(for: auditLength)
        }
        await pool.report(handle.id, label: label, isJob: true, phase: .sleeping)
        await handle.set(.suspended(.sleep))
        try await context.clock.sleep(for: random.seconds(0.5...1.5))
        await handle.set(.running)
        let length = random.seconds(1...3)
        try await holdPermit(handle, label: label, isJob: true, for: length, random: random, context: context, pool: pool)
        context.log.info("\(label) (#\(handle.id.rawValue)) computed its result in \(Format.seconds(length))")
        await pool.report(handle.id, label: label, isJob: true, phase: .done)
    }

    /// Waits in the semaphore's line, then holds a permit for `length` of simulated work.
    private static func holdPermit(
        _ handle: TaskHandle, label: String, isJob: Bool, for length: Duration, random: ScenarioRandom,
        context: ScenarioContext, pool: WorkerPool
    ) async throws {
        await pool.report(handle.id, label: label, isJob: isJob, phase: .waiting)
        await handle.set(.waiting(.semaphore))
        let asked = context.time.now()
        context.events.append(.permitRequested(task: handle.id))
        var granted = false
        defer {
            context.events.append(granted ? .permitReleased(task: handle.id) : .permitRequestCancelled(task: handle.id))
        }
        try await context.semaphore.withPermit(for: handle.id) {
            granted = true
            let waited = asked.duration(to: context.time.now())
            context.events.append(.permitGranted(task: handle.id, waitedNanoseconds: SimulationInstant(sinceStart: waited).nanoseconds))
            context.log.info("permit granted to \(label) (#\(handle.id.rawValue)) after \(Format.seconds(waited))")
            await handle.set(.running)
            context.events.append(.workStarted(task: handle.id, plannedNanoseconds: SimulationInstant(sinceStart: length).nanoseconds))
            await pool.report(handle.id, label: label, isJob: isJob, phase: .holding(job: length))
            try await context.clock.sleep(for: length)
            if random.chance(context.failurePercent) { throw SimulatedFailure() }
        }
    }
}
