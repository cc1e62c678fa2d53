import Dispatch

/// A program started again under the attached one's name: where its probe listens.
public struct ReattachTarget: Sendable, Equatable {
    public let pid: Int32
    public let socketPath: String

    public init(pid: Int32, socketPath: String) {
        self.pid = pid
        self.socketPath = socketPath
    }
}

/// How the dashboard, once the attached program has exited, finds a program of the same name
/// started again and attaches to it (`r`). Made by the command line, which knows the probes'
/// folder and sockets; the dashboard knows neither.
public struct Reattacher: Sendable {
    /// The live programs named `program` other than `pid`. It reads the probes' folder, so it
    /// is called on a queue of its own, never on a task.
    public let namesakes: @Sendable (_ program: String, _ pid: Int32) -> [ReattachTarget]
    /// Connects to `target`, or throws the one line that says why it cannot.
    public let connect: @Sendable (_ target: ReattachTarget) async throws -> AttachFeed
    /// How often the folder is looked at while the program is gone.
    public let interval: Duration

    public init(interval: Duration = .milliseconds(500),
                namesakes: @escaping @Sendable (_ program: String, _ pid: Int32) -> [ReattachTarget],
                connect: @escaping @Sendable (_ target: ReattachTarget) async throws -> AttachFeed) {
        self.interval = interval
        self.namesakes = namesakes
        self.connect = connect
    }

    /// Looks every `interval` until a program named `program` starts, and returns it; nil once
    /// cancelled. Namesakes that ran already at the first look did not start again: only a
    /// pid that appears after it is offered.
    func watch(program: String, pid: Int32) async -> ReattachTarget? {
        let queue = DispatchQueue(label: "reattach-watch")
        var before: Set<Int32>?
        while !Task.isCancelled {
            let running = await withCheckedContinuation { (looked: CheckedContinuation<[ReattachTarget], Never>) in
                queue.async { looked.resume(returning: namesakes(program, pid)) }
            }
            if let before, let found = running.first(where: { !before.contains($0.pid) }) { return found }
            before = (before ?? []).union(running.map(\.pid))
            do { try await Task.sleep(for: interval) } catch { return nil }
        }
        return nil
    }
}
