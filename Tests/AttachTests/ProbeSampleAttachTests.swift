import AsyncDemoCore
import Foundation
import Glibc
import ProbeClient
import Simulation
import Testing
import TestSupport

/// The built products beside the test bundle (SwiftPM puts every product in one folder).
let productsFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

/// A private folder under /tmp (short: a socket path holds 107 bytes, and must not depend on
/// where the checkout is), removed with everything in it by `remove`.
struct ScratchFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/attach-test-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else { throw SampleFailure("mkdtemp failed") }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// probe-sample running as a child, its socket in `socketFolder`.
struct ProbeSample {
    let process: SpawnedProcess
    let socketPath: String

    /// Starts probe-sample, waits for its `probe socket PATH` line, runs `body`, and ends it
    /// (its SIGTERM handler removes the socket) however `body` ends.
    static func with<Result>(socketFolder: String, scratch: ScratchFolder, _ body: (ProbeSample) async throws -> Result) async throws -> Result {
        let outputPath = scratch.path + "/sample-\(UUID().uuidString)"
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(output) }
        let process = try SpawnedProcess([productsFolder.appendingPathComponent("probe-sample").path, "--socket-folder", socketFolder],
                                         standardOutput: output)
        var found: String?
        await eventually(timeout: .seconds(30), "probe-sample's socket line") {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            found = text.split(separator: "\n").first { $0.hasPrefix("probe socket /") }.map { String($0.dropFirst("probe socket ".count)) }
            return found != nil
        }
        do {
            guard let found else { throw SampleFailure("probe-sample printed no socket") }
            let result = try await body(ProbeSample(process: process, socketPath: found))
            await process.stop()
            return result
        } catch {
            await process.stop()
            throw error
        }
    }
}

struct SampleFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs the built asyncdemo-tui with `arguments` (through env, so the probes' folder can be
/// set) to its end: its status and what it wrote to standard error.
func runDashboard(_ arguments: [String], environment: [String] = [], scratch: ScratchFolder) async throws -> (status: Int32?, errors: String) {
    let errorsPath = scratch.path + "/errors-\(UUID().uuidString)"
    let errors = open(errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { close(errors) }
    let process = try SpawnedProcess(["/usr/bin/env"] + environment + [productsFolder.appendingPathComponent("asyncdemo-tui").path] + arguments,
                                     standardOutput: errors, standardError: errors)
    let ended = await process.waitForExit(timeout: .seconds(60))
    if !ended { await process.stop() }
    #expect(ended)
    return (process.exitCode, (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? "")
}

@Suite("Attaching to a probed program", .serialized, .timeLimit(.minutes(3)))
struct ProbeSampleAttachTests {
    @Test func test_snapshot_attach_shows_the_tasks_the_semaphores_holders_and_waiters_and_the_queue_depth() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let screenPath = scratch.path + "/screen.txt"
        // The workers take turns: at an instant between a release and the next grant one
        // holder or waiter is in flight, so the picture is taken again (a few times at most)
        // until it is one of the steady ones.
        let (socket, pid, status, errors) = try await ProbeSample.with(socketFolder: scratch.path + "/probes", scratch: scratch) { sample in
            var outcome: (status: Int32?, errors: String) = (nil, "")
            for _ in 1...5 {
                outcome = try await runDashboard(
                    ["snapshot", "--attach", sample.socketPath, "--after", "2", "--size", "160x40", "--no-color", "-o", screenPath],
                    scratch: scratch)
                let screen = (try? String(contentsOfFile: screenPath, encoding: .utf8)) ?? ""
                if outcome.status != 0 || screen.contains("2/2 held, 2 waiting") { break }
            }
            return (sample.socketPath, sample.process.pid, outcome.status, outcome.errors)
        }
        #expect(status == 0, "\(errors)")
        let screen = (try? String(contentsOfFile: screenPath, encoding: .utf8)) ?? ""
        #expect(!screen.contains("exited"))
        for shown in ["Resources", "attached to probe-sample pid \(pid)", "ATTACHED", "db ", "2/2 held, 2 waiting",
                      "jobs ", "depth ", "worker-1", "waiter", "GET /orders", "tick"] {
            #expect(screen.contains(shown), "\(shown) in:\n\(screen)")
        }
        let lines = screen.split(separator: "\n").map(String.init)
        let holders = lines.first { $0.contains("holders") } ?? ""
        #expect(holders.components(separatedBy: "worker-").count - 1 == 2, "two holders: \(holders)")
        let waiting = lines.first { $0.contains("line    ") } ?? ""
        #expect(waiting.components(separatedBy: "worker-").count - 1 == 2, "two waiters: \(waiting)")
        #expect(!FileManager.default.fileExists(atPath: socket), "the sample removed its socket")
    }

    @Test func test_a_cancel_from_the_dashboard_ends_the_tracked_task_as_cancelled() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let (waiter, cancelled) = try await ProbeSample.with(socketFolder: scratch.path + "/probes", scratch: scratch) { sample in
            let connection = try await ProbeConnection.connect(to: sample.socketPath)
            var waiter: TaskID?
            var cancelled = false
            for try await event in connection.events {
                switch event.kind {
                case .taskSpawned(let task, "waiter", _, _):
                    waiter = task
                    #expect(connection.cancel(task))
                case .taskFinished(let task, .cancelled) where task == waiter:
                    cancelled = true
                    connection.close()
                default: break
                }
            }
            return (waiter, cancelled)
        }
        #expect(waiter != nil)
        #expect(cancelled)
    }

    @Test func test_attach_with_no_program_a_wrong_pid_a_dead_socket_or_scenario_options_refuses_in_one_line() async throws {
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let environment = ["XDG_RUNTIME_DIR=\(scratch.path)", "TERM=xterm"]
        let none = try await runDashboard(["attach"], environment: environment, scratch: scratch)
        #expect(none.status == 1)
        #expect(none.errors == "asyncdemo-tui attach: no program with a probe is running as this user (it calls Probe.start())\n")
        let wrongPid = try await runDashboard(["attach", "999999999"], environment: environment, scratch: scratch)
        #expect(wrongPid.status == 1)
        #expect(wrongPid.errors.filter { $0 == "\n" }.count == 1)
        #expect(wrongPid.errors.contains("no program with a probe runs as pid 999999999"))
        let withScenario = try await runDashboard(["attach", "--workers", "3"], environment: environment, scratch: scratch)
        #expect(withScenario.status == 1)
        #expect(withScenario.errors.hasPrefix("asyncdemo-tui attach: attach shows another program"))
        let gone = try await runDashboard(["attach", scratch.path + "/none.sock"], environment: environment, scratch: scratch)
        #expect(gone.status == 1)
        #expect(gone.errors.hasPrefix("asyncdemo-tui attach: "))
        #expect(gone.errors.filter { $0 == "\n" }.count == 1)
    }
}
