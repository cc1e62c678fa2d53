import AsyncDemoCore
import Foundation
import Glibc
import Instrumentation
import ProbeWire

/// Why the probe could not start, in one line (the folder or the socket and the system's reason).
public struct ProbeStartFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// What a program links to be watched by `asyncdemo-tui`: named semaphores and queues, tracked
/// tasks, a swift-distributed-tracing `Tracer` and a swift-log `LogHandler`, all recording the
/// events the dashboard's own simulation records, and a Unix socket a dashboard attaches to.
///
///     let probe = try Probe.start()
///     InstrumentationSystem.bootstrap(probe.tracer)
///     let database = probe.semaphore("db", permits: 8)
///
/// Recording never waits: while no dashboard is attached an event costs one atomic load and is
/// not even built; attached, it is copied into a bounded ring, which the probe's own thread
/// serializes and sends. A full ring drops events and the stream's sequence numbers show where.
public final class Probe: Sendable {
    /// The probe's version, written as the stream header's `programVersion`.
    public static let version = "0.1.0"

    public let program: String
    public let pid: Int32
    /// Where a dashboard attaches; nil for a probe started without a socket (tests).
    public var socketPath: String? { server?.socketPath }

    let ring: EventRing
    let registry = ProbeRegistry()
    private let server: ProbeServer?

    /// Starts the probe: makes its socket in `socketFolder` (by default
    /// `$XDG_RUNTIME_DIR/asyncdemo-tui`, else `/tmp/asyncdemo-tui-USER`), removing sockets left
    /// there by crashed programs, and starts its thread. Call `stop()` to remove the socket.
    public static func start(
        program: String = ProcessInfo.processInfo.processName, socketFolder: String? = nil, ringCapacity: Int = 1 << 16
    ) throws(ProbeStartFailure) -> Probe {
        try Probe(program: program, socketFolder: socketFolder, ringCapacity: ringCapacity, allowedUser: getuid())
    }

    init(program: String, socketFolder: String?, ringCapacity: Int, allowedUser: uid_t) throws(ProbeStartFailure) {
        self.program = program
        pid = getpid()
        ring = EventRing(capacity: ringCapacity)
        let folder = socketFolder.map(ProbeSocketFolder.init(path:)) ?? .standard()
        let header = StreamHandshake.line(StreamHeader(programVersion: Self.version, program: program, pid: pid))
        do {
            try folder.prepare()
            folder.removeStaleSockets()
            server = try ProbeServer(
                socketPath: folder.socketPath(program: program, pid: pid), header: header, ring: ring,
                registry: registry, allowedUser: allowedUser)
        } catch {
            throw ProbeStartFailure(description: "the probe cannot start: \(error.description)")
        }
    }

    /// A probe with no socket: its ring is read in-process (the tests' transport, the bench).
    package init(program: String, ringCapacity: Int = 1 << 16) {
        self.program = program
        pid = getpid()
        ring = EventRing(capacity: ringCapacity)
        server = nil
    }

    deinit {
        server?.stop()
    }

    /// Closes the dashboards' connections and removes the socket. Idempotent.
    public func stop() {
        server?.stop()
    }

    /// The hot path every instrumented call takes, for the bench: one event into the ring.
    package func record(_ kind: SimulationEvent.Kind, resource: String? = nil) {
        ring.append(kind, resource: resource)
    }

    /// For the bench: attach a reader in-process, and take what the ring holds.
    package func attachInProcess() { _ = ring.attach() }

    package func discardRecorded() -> Int {
        var batch: [EventRing.Entry] = []
        ring.drain(into: &batch, limit: ring.capacity)
        return batch.count
    }

    /// Events dropped because the ring was full (a dashboard that reads too slowly).
    public var droppedEvents: UInt64 { ring.dropped }

    /// Connections open now, attached or saying hello.
    var openConnections: Int { server?.openConnections.load(ordering: .relaxed) ?? 0 }

    /// Events not sent to a dashboard because it was `ProbeServer.outgoingLimit` behind (for tests).
    var droppedForSlowDashboards: UInt64 { server?.droppedForSlowDashboards.load(ordering: .relaxed) ?? 0 }

    /// The task the primitives' events name: the tracked task or span running now, or task 0
    /// for code outside both.
    var current: TaskID {
        InstrumentationContext.current?.probeTask ?? TaskID(rawValue: 0)
    }

    /// A FIFO semaphore named `name` on the dashboard, whose every request, grant, release and
    /// cancelled wait is recorded.
    public func semaphore(_ name: String, permits: Int) -> ProbeSemaphore {
        let present = registry.semaphore(named: name, permits: permits, ring: ring)
        present.resized(to: permits)
        return ProbeSemaphore(name: name, permits: permits, present: present, probe: self)
    }

    /// A bounded FIFO queue named `name` on the dashboard: items in and out with the depth, and
    /// producers held by back-pressure.
    public func queue<Element: Sendable>(_ name: String, of element: Element.Type = Element.self, capacity: Int) -> ProbeQueue<Element> {
        let present = registry.queue(named: name, capacity: capacity, ring: ring)
        present.resized(to: capacity)
        return ProbeQueue(name: name, capacity: capacity, present: present, probe: self)
    }
}
