import ConcurrencyProbe
import Foundation
import Hummingbird
import Logging
import Tracing

/// A Hummingbird 2 server the dashboard can watch: `GET /db` holds a permit of the probed "db"
/// semaphore, `POST /jobs` feeds the probed "jobs" queue. `--no-probe` runs the same server on
/// the same core primitives without the probe, for the overhead comparison.
@main
enum HummingbirdServer {
    static func main() async {
        let options: ServerOptions
        do {
            guard let parsed = try ServerOptions.parse(CommandLine.arguments.dropFirst()) else {
                say(ServerOptions.usage)
                return
            }
            options = parsed
        } catch {
            fail(error.description, status: 2)
        }

        var probe: Probe?
        if options.probed {
            do {
                probe = try Probe.start(program: "hummingbird-server")
            } catch {
                fail(error.description, status: 1)
            }
        }
        LoggingSystem.bootstrap { [probe] label in
            guard let probe else { return StreamLogHandler.standardOutput(label: label) }
            return MultiplexLogHandler([StreamLogHandler.standardOutput(label: label), probe.logHandler(label: label)])
        }
        if let probe { InstrumentationSystem.bootstrap(probe.tracer) }

        let resources = probe.map(ServerResources.probed(by:)) ?? .plain()
        let worker = resources.startWorker(probe: probe, logger: Logger(label: "jobs"))
        let socketLine = probe?.socketPath.map { "probe socket \($0)" } ?? "probe off (--no-probe)"
        let app = Application(
            router: resources.router(),
            configuration: .init(address: .hostname("127.0.0.1", port: options.port), serverName: nil),
            onServerRunning: { channel in
                say("listening on http://127.0.0.1:\(channel.localAddress?.port ?? options.port)")
                say(socketLine)
            })
        var failure: (any Error)?
        do {
            try await app.runService()
        } catch {
            failure = error
        }
        resources.jobs.close()
        _ = await worker.result
        probe?.stop()
        if let failure {
            fail("cannot serve on 127.0.0.1:\(options.port): \(failure)", status: 1)
        }
    }

    /// One line on standard output, written at once (the scripts wait for these lines).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("hummingbird-server: \(message)\n".utf8))
        exit(status)
    }
}
