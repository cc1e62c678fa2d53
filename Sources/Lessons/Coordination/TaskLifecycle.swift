/// A task's life: created, running, then finished or cancelled, watched from outside; its
/// result awaited with `value`, a cancelled one's with `result`.
public enum TaskLifecycle {
    public enum State: String, Sendable {
        case created, running, finished, cancelled
    }

    public struct Transition: Sendable, Equatable {
        public let task: String
        public let state: State
        public let at: Duration
    }

    public struct Outcome: Sendable {
        public let transitions: [Transition]
        public let downloadResult: String
        public let reportWasCancelled: Bool
        /// What the watcher saw at each look, e.g. "download=running report=cancelled".
        public let watched: [String]
    }

    public static func run(_ context: LessonContext) async throws -> Outcome {
        let states = Recorded([String: State]())
        let transitions = Recorded([Transition]())
        @Sendable func set(_ task: String, _ state: State) {
            states.update { $0[task] = state }
            transitions.update { $0.append(Transition(task: task, state: state, at: context.clock.elapsed)) }
            context.say("\(task): \(state.rawValue)")
        }
        @Sendable func work(_ task: String, steps: Int) async throws -> String {
            set(task, .running)
            do {
                try await context.bar(task, on: "tasks") {
                    for _ in 1...steps { try await context.sleep(.seconds(1)) }
                }
            } catch {
                set(task, .cancelled)
                throw error
            }
            set(task, .finished)
            return "\(task) done after \(steps) s"
        }
        // The report would run 4 s; it is cancelled at 1.5.
        context.mark(.timelineSpan(.seconds(4)))
        set("download", .created)
        set("report", .created)
        let download = context.spawn("download") { try await work("download", steps: 2) }
        let report = context.spawn("report") { try await work("report", steps: 4) }
        let watcher = context.spawn("watcher") {
            var looks: [String] = []
            // Looks fall between the other tasks' steps, so each shows a settled state.
            try? await context.sleep(.milliseconds(250))
            while !Task.isCancelled {
                let look = states.value.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: " ")
                looks.append(look)
                context.say("watching: \(look)")
                try? await context.sleep(.milliseconds(500))
            }
            return looks
        }
        try await context.sleep(.milliseconds(1500))
        context.say("cancelling report")
        report.cancel()
        let downloaded = try await download.value
        context.say("download's value: \(downloaded)")
        let reportResult = await report.result
        try await context.beat()
        context.say("report's result: \(reportResult)")
        watcher.cancel()
        let watched = try await watcher.value
        let wasCancelled: Bool
        if case .failure(let error) = reportResult { wasCancelled = error is CancellationError } else { wasCancelled = false }
        return Outcome(transitions: transitions.value, downloadResult: downloaded,
                       reportWasCancelled: wasCancelled, watched: watched)
    }
}
