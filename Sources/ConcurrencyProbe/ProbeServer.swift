import AsyncDemoCore
import Foundation
import Glibc
import ProbeWire
import Synchronization

/// The probe's one thread: accepts dashboards on the socket, checks each is the program's own
/// user, reads its hello, and sends it the stream (the header, what the registry declares, then
/// every event from the ring). Nothing else in the program waits for it; a dashboard that reads
/// slowly gets its events dropped (its sequence numbers jump) once `outgoingLimit` bytes wait
/// for it, and one that is gone is closed. A connection that lost events (dropped here, or by a
/// full ring) is told the present again once it has caught up, so what it shows is true again.
final class ProbeServer: Sendable {
    static let helloTimeout: Duration = .seconds(5)
    /// How often the ring is drained while a dashboard is attached.
    static let drainInterval: Int32 = 10
    static let outgoingLimit = 4 << 20
    /// Events taken from the ring, encoded and sent at a time.
    static let chunk = 4096
    /// The present is told again at most this often: while the ring overflows, every drain
    /// loses events, and telling it each time made a quarter of the stream (found in review).
    static let retellInterval: Duration = .milliseconds(100)

    let socketPath: String
    private let listening: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let ring: EventRing
    private let registry: ProbeRegistry
    private let header: [UInt8]
    private let allowedUser: uid_t
    /// Connections open now (attached or saying hello), for tests of leaks.
    let openConnections = Atomic<Int>(0)
    /// Events a dashboard did not get because `outgoingLimit` bytes waited for it, for tests.
    let droppedForSlowDashboards = Atomic<UInt64>(0)

    init(socketPath: String, header: [UInt8], ring: EventRing, registry: ProbeRegistry, allowedUser: uid_t) throws(SocketFailure) {
        if access(socketPath, F_OK) == 0 {
            guard UnixSocket.isStale(socketPath) else { throw SocketFailure("another probe listens at \(socketPath)") }
            unlink(socketPath)
        }
        // The mode is set after bind, never through umask (which is the whole process's): the
        // moment between is guarded by the folder, which only this user may enter.
        listening = try UnixSocket.listen(at: socketPath)
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            close(listening)
            unlink(socketPath)
            throw SocketFailure("cannot make the probe's wake pipe: \(String(cString: strerror(errno)))")
        }
        chmod(socketPath, 0o600)
        for descriptor in [listening] + pipeEnds { UnixSocket.setNonBlockingCloseOnExec(descriptor) }
        (wakeRead, wakeWrite) = (pipeEnds[0], pipeEnds[1])
        self.socketPath = socketPath
        self.header = header
        self.ring = ring
        self.registry = registry
        self.allowedUser = allowedUser
        NamedThread.start("asyncdemo-probe") { [self] in
            run()
            finished.signal()
        }
    }

    /// Closes every connection and the socket, removes the socket file; returns once done.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        finished.wait()
        close(wakeRead)
        close(wakeWrite)
    }

    private struct Connection {
        enum Phase {
            case hello(deadline: ContinuousClock.Instant)
            /// Sending; its time counts from `start`.
            case streaming(start: Int64)
            /// Refused: its one line goes out, then it is closed.
            case refused
        }

        let descriptor: Int32
        var phase: Phase
        var framer = LineFramer(longestLine: StreamHandshake.longestHello)
        var outgoing: [UInt8] = []
        var sent = 0
        var closeWhenSent = false
        var isClosed = false
        /// The program's present, said first, and which of the ring's events it already said.
        var present = ProbePresent()
        /// The newest ring event taken for it: a later one that is not the next was dropped.
        var lastRingSequence: UInt64 = 0
        /// The stream's last number given out (sent, or dropped here).
        var lastNumber: UInt64 = 0
        /// Events were lost since the present was last told.
        var lost = false
        var lastRetell: ContinuousClock.Instant?
        /// When the present was last told, on the stream's clock: what is told, and what
        /// follows, is stamped no earlier.
        var toldAt: Int64 = 0

        var waiting: Int { outgoing.count - sent }
    }

    private func run() {
        var connections: [Connection] = []
        var batch: [EventRing.Entry] = []
        batch.reserveCapacity(Self.chunk)
        while !stopping.load(ordering: .acquiring) {
            var descriptors = [pollfd(fd: listening, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            for connection in connections {
                descriptors.append(pollfd(fd: connection.descriptor, events: Int16(POLLIN) | (connection.waiting > 0 ? Int16(POLLOUT) : 0), revents: 0))
            }
            let streaming = connections.contains { if case .streaming = $0.phase { true } else { false } }
            let timeout: Int32 = streaming || ring.isAttached ? Self.drainInterval : (connections.isEmpty ? -1 : 100)
            _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if descriptors[1].revents != 0 { drainWakePipe() }
            if descriptors[0].revents & Int16(POLLIN) != 0 { accept(into: &connections) }
            for index in connections.indices where index + 2 < descriptors.count && descriptors[index + 2].revents != 0 {
                read(&connections[index])
            }
            let now = ContinuousClock.now
            for index in connections.indices {
                if case .hello(let deadline) = connections[index].phase, now >= deadline {
                    refuse(&connections[index], "no hello within \(Self.helloTimeout): connection closed")
                }
            }
            // A chunk at a time, each sent before the next is encoded: a dashboard reads the
            // first while the rest are written, and a burst is not held back whole, past the
            // limit of what may wait for a dashboard.
            repeat {
                ring.drain(into: &batch, limit: Self.chunk)
                for index in connections.indices { encode(batch, for: &connections[index]) }
                for index in connections.indices { flush(&connections[index]) }
            } while batch.count == Self.chunk && !stopping.load(ordering: .relaxed)
            if let newest = ring.emptiedThrough {
                for index in connections.indices { noticeDroppedAtTheEnd(through: newest, on: &connections[index]) }
            }
            connections.removeAll { connection in
                guard connection.isClosed else { return false }
                closeConnection(connection)
                return true
            }
        }
        for connection in connections { closeConnection(connection) }
        close(listening)
        unlink(socketPath)
    }

    private func drainWakePipe() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while Glibc.read(wakeRead, &bytes, bytes.count) > 0 {}
    }

    private func accept(into connections: inout [Connection]) {
        while true {
            guard let descriptor = UnixSocket.acceptNonBlocking(listening) else { return }
            openConnections.add(1, ordering: .relaxed)
            var connection = Connection(descriptor: descriptor, phase: .hello(deadline: .now + Self.helloTimeout))
            if UnixSocket.peerUserID(of: descriptor) != allowedUser {
                refuse(&connection, "this program's probe accepts only its own user's dashboard: connection closed")
                flush(&connection)
                closeConnection(connection)
                continue
            }
            connections.append(connection)
        }
    }

    private func read(_ connection: inout Connection) {
        var bytes = [UInt8](repeating: 0, count: 4096)
        while !connection.isClosed {
            let count = recv(connection.descriptor, &bytes, bytes.count, Int32(MSG_DONTWAIT))
            if count < 0, errno == EINTR { continue }
            if count < 0 {
                if errno != EAGAIN && errno != EWOULDBLOCK { connection.isClosed = true }
                return
            }
            if count == 0 {
                connection.isClosed = true
                return
            }
            if case .refused = connection.phase { continue }
            connection.framer.append(bytes[..<count])
            do {
                while !connection.isClosed, let line = try connection.framer.nextLine() {
                    switch connection.phase {
                    case .hello: hello(line, on: &connection)
                    case .streaming: command(line, on: &connection)
                    case .refused: return
                    }
                }
            } catch {
                if case .hello = connection.phase {
                    return refuse(&connection, "the first line is longer than \(error.limit) bytes: not a hello; connection closed")
                }
                return refuse(&connection, "a line longer than \(error.limit) bytes is not a command: connection closed")
            }
        }
    }

    /// The dashboard's first line: the stream begins, or the one line that says why not.
    private func hello(_ line: ArraySlice<UInt8>, on connection: inout Connection) {
        if let refusal = StreamHandshake.refusal(ofHello: line) {
            return refuse(&connection, refusal.refused)
        }
        connection.outgoing += header
        let attached = ring.attach()
        connection.phase = .streaming(start: attached.nanoseconds)
        connection.lastRingSequence = attached.sequence
        // After the attach, so every change from here on reaches the ring (see ProbePresent).
        connection.present = registry.present(attachedAt: attached.sequence, ring: ring)
    }

    /// After lost events, once the dashboard has caught up: the present again, led by
    /// `presentRetold`, and the ring's events after the last one taken told apart from it.
    private func retell(on connection: inout Connection, start: Int64) {
        var present = registry.present(attachedAt: connection.lastRingSequence, ring: ring)
        present.retold(after: connection.lastNumber)
        connection.present = present
        connection.toldAt = max(connection.toldAt, ring.elapsedNanoseconds - start)
        connection.lost = false
        sayTold(on: &connection)
    }

    /// Events the ring dropped with none kept after them leave no gap to see: a release at the
    /// end of a burst, then a quiet program. Numbered as lost, so the count says them and the
    /// present is told again.
    private func noticeDroppedAtTheEnd(through newest: UInt64, on connection: inout Connection) {
        guard case .streaming = connection.phase, newest > connection.lastRingSequence else { return }
        connection.lastNumber += newest - connection.lastRingSequence
        connection.lastRingSequence = newest
        connection.lost = true
    }

    private func sayTold(on connection: inout Connection) {
        let at = SimulationInstant(sinceStart: .nanoseconds(connection.toldAt))
        for (sequence, told) in connection.present.takeTold() {
            let event = SimulationEvent(sequence: sequence, at: at, kind: told.kind, resource: told.resource, fields: told.fields)
            _ = EventLineEncoder.append(event, to: &connection.outgoing)
            connection.lastNumber = sequence
        }
    }

    /// A line the dashboard sends while attached: a cancel of a tracked task. One it cannot
    /// honour (a span, a task that has ended) is said in a log line of the stream.
    private func command(_ line: ArraySlice<UInt8>, on connection: inout Connection) {
        guard let command = try? JSONDecoder().decode(StreamHandshake.Command.self, from: Data(line)) else {
            return refuse(&connection, "a line the probe does not know is not a command: connection closed")
        }
        let task = TaskID(rawValue: command.cancel)
        if !registry.cancel(task) {
            ring.append(.logLine(level: "warning", message: "\(task) cannot be cancelled: it is a span or it has ended"),
                        fields: ["task": String(task.rawValue)])
        }
    }

    private func refuse(_ connection: inout Connection, _ reason: String) {
        connection.outgoing += StreamHandshake.line(StreamHandshake.Refusal(reason))
        connection.closeWhenSent = true
        connection.phase = .refused
    }

    private func encode(_ batch: [EventRing.Entry], for connection: inout Connection) {
        guard case .streaming(let start) = connection.phase, !connection.isClosed else { return }
        sayTold(on: &connection)
        for entry in batch where entry.sequence > connection.present.base {
            if entry.sequence > connection.lastRingSequence + 1 { connection.lost = true }
            connection.lastRingSequence = entry.sequence
            guard let sequence = connection.present.sequence(of: entry) else { continue }
            connection.lastNumber = sequence
            guard connection.waiting < Self.outgoingLimit else {
                connection.lost = true
                droppedForSlowDashboards.add(1, ordering: .relaxed)
                continue
            }
            let event = SimulationEvent(
                // An event stamped just before the present was told but numbered after it: then.
                sequence: sequence, at: SimulationInstant(sinceStart: .nanoseconds(max(connection.toldAt, entry.nanoseconds - start))),
                kind: entry.kind, resource: entry.resource, fields: entry.fields)
            _ = EventLineEncoder.append(event, to: &connection.outgoing)
        }
        // Half the limit: room for the present and what follows, so it is not lost at once.
        guard connection.lost, connection.waiting < Self.outgoingLimit / 2 else { return }
        let now = ContinuousClock.now
        if let last = connection.lastRetell, now - last < Self.retellInterval { return }
        connection.lastRetell = now
        retell(on: &connection, start: start)
    }

    private func flush(_ connection: inout Connection) {
        while connection.waiting > 0, !connection.isClosed {
            let sent = connection.outgoing[connection.sent...].withUnsafeBytes {
                send(connection.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if sent < 0, errno == EINTR { continue }
            if sent < 0 {
                if errno != EAGAIN && errno != EWOULDBLOCK { connection.isClosed = true }
                break
            }
            connection.sent += sent
        }
        if connection.waiting == 0 {
            connection.outgoing.removeAll(keepingCapacity: connection.outgoing.capacity <= 1 << 16)
            connection.sent = 0
            if connection.closeWhenSent { connection.isClosed = true }
        } else if connection.sent > 1 << 16 {
            connection.outgoing.removeFirst(connection.sent)
            connection.sent = 0
        }
    }

    private func closeConnection(_ connection: Connection) {
        if case .streaming = connection.phase { ring.detach() }
        close(connection.descriptor)
        openConnections.subtract(1, ordering: .relaxed)
    }
}
