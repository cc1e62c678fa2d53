/// A failing child in a throwing task group: its siblings are cancelled and the parent gets the
/// error. Then the gather(return_exceptions=True) style: every child's result or error collected,
/// nobody cancelled.
public enum ErrorPropagation {
    public struct ServiceDown: Error, CustomStringConvertible, Equatable {
        public let service: String
        public var description: String { "\(service) is down" }
    }

    public enum ChildEnding: Sendable, Equatable {
        case finished(String)
        case failed(String)
        case cancelled
    }

    public struct Outcome: Sendable {
        /// What the parent caught from the failing group.
        public let parentError: String
        /// How each child of the failing group ended, by name.
        public let failFastEndings: [String: ChildEnding]
        /// When the failing group returned (the failure came at 1 s; the slowest child needed 3 s).
        public let failFastElapsed: Duration
        /// Every child's result or error, in the order they were started.
        public let gathered: [ChildEnding]
    }

    struct Child: Sendable {
        let name: String
        let duration: Duration
        let fails: Bool
    }

    static let children = [
        Child(name: "quick", duration: .milliseconds(500), fails: false),
        Child(name: "flaky", duration: .seconds(1), fails: true),
        Child(name: "slow", duration: .seconds(3), fails: false),
    ]

    /// Runs one child and says how it ended; rethrows so the group sees the failure.
    static func work(_ child: Child, on track: String, _ context: LessonContext) async throws -> (String, ChildEnding) {
        do {
            try await context.task(child.name, bar: track) {
                try await context.sleep(child.duration)
                if child.fails { throw ServiceDown(service: child.name) }
            }
        } catch is CancellationError {
            context.say("\(child.name): cancelled")
            return (child.name, .cancelled)
        } catch {
            context.say("\(child.name): throws")
            throw error
        }
        context.say("\(child.name): done")
        return (child.name, .finished(child.name))
    }

    public static func run(_ context: LessonContext) async throws -> Outcome {
        context.mark(.timelineSpan(children.map(\.duration).max() ?? .zero))
        context.say("fail fast: a throwing task group of \(children.count) children")
        let start = context.clock.now
        let endings = Recorded<[String: ChildEnding]>([:])
        var parentError = ""
        do {
            try await withThrowingTaskGroup(of: (String, ChildEnding).self) { group in
                for child in children {
                    group.addTask {
                        do {
                            let ending = try await work(child, on: "fail fast", context)
                            endings.update { $0[ending.0] = ending.1 }
                            return ending
                        } catch {
                            endings.update { $0[child.name] = .failed("\(error)") }
                            throw error
                        }
                    }
                }
                // The first error thrown out of `next()` leaves the closure: the group cancels the
                // remaining children and waits for them before rethrowing to us.
                while try await group.next() != nil {}
            }
        } catch {
            parentError = "\(error)"
            context.say("parent caught: \(error)")
        }
        let failFastElapsed = start.duration(to: context.clock.now)
        try await context.beat()

        context.say("collect everything: each child's Result, no cancellation")
        let endingsByName = await withTaskGroup(of: (String, ChildEnding).self) { group in
            for child in children {
                group.addTask {
                    do { return try await work(child, on: "collect all", context) } catch { return (child.name, .failed("\(error)")) }
                }
            }
            return await group.reduce(into: [String: ChildEnding]()) { $0[$1.0] = $1.1 }
        }
        let gathered = children.map { endingsByName[$0.name] ?? .cancelled }
        context.say("gathered: " + gathered.map { "\($0)" }.joined(separator: ", "))
        return Outcome(parentError: parentError, failFastEndings: endings.value,
                       failFastElapsed: failFastElapsed, gathered: gathered)
    }
}
