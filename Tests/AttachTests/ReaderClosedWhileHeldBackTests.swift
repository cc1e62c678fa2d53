import AsyncDemoCore
@testable import ConcurrencyProbe
import Glibc
import ProbeClient
import Testing
import TestSupport

/// A dashboard that quits while its connection holds the socket back (the reader took nothing
/// for 64 batches): the reading thread ends and closes the socket. A shut socket still gives
/// back what was queued in it, and each read of that waited for room nobody would make.
@Suite("A connection closed while it holds the socket back", .timeLimit(.minutes(2)))
struct ReaderClosedWhileHeldBackTests {
    @Test func test_closing_a_held_back_connection_ends_its_reading_thread_and_closes_its_socket() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let probe = try Probe(program: "held-back", socketFolder: scratch.path, ringCapacity: 1024, allowedUser: getuid())
        defer { probe.stop() }
        var connection: ProbeConnection? = try await ProbeConnection.connect(to: try #require(probe.socketPath))
        let readerHasEnded = try #require(connection).readerHasEnded
        // Given a dashboard that reads nothing until its connection holds the socket back
        try await AttachAfterLostEventsTests.flood(probe, "the connection never held the socket back") { connection?.isHeldBack == true }
        // (The socket's queue filled behind it.)
        var more = 0
        try await AttachAfterLostEventsTests.flood(probe, "unreachable") {
            more += 1
            return more == 20
        }
        #expect(!readerHasEnded())
        // When it is closed and dropped, as `attach` does on quit
        connection?.close()
        connection = nil
        // Then its reading thread ends and closes the socket
        await eventually(timeout: .seconds(10), "the reading thread to close its socket") { readerHasEnded() }
    }
}
