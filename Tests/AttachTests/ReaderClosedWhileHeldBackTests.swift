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
        let long = String(repeating: "x", count: 500)
        var flooded = 0
        while connection?.isHeldBack != true {
            for _ in 0..<1_000 { probe.record(.commandApplied(command: long)) }
            flooded += 1
            try #require(flooded < 20_000, "the connection never held the socket back")
            try await Task.sleep(for: .milliseconds(2))
        }
        // (The socket's queue filled behind it.)
        for _ in 0..<20 {
            for _ in 0..<1_000 { probe.record(.commandApplied(command: long)) }
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(!readerHasEnded())
        // When it is closed and dropped, as `attach` does on quit
        connection?.close()
        connection = nil
        // Then its reading thread ends and closes the socket
        await eventually(timeout: .seconds(10), "the reading thread to close its socket") { readerHasEnded() }
    }
}
