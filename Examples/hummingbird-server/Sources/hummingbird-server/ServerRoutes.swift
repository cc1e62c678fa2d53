import AsyncDemoCore
import Hummingbird

extension ServerResources {
    /// `GET /db`: a query holding one of the database's permits. `POST /jobs`: one job queued
    /// for the worker (waits while the queue is full; 503 once the worker has stopped).
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: TracingMiddleware())
        router.get("db") { _, _ -> String in
            try await database.acquire()
            defer { database.release() }
            try await Task.sleep(for: Self.queryTime)
            return "ok\n"
        }
        router.post("jobs") { _, _ -> String in
            do {
                try await jobs.send(Job(submitted: .now))
            } catch is QueueClosedError {
                throw HTTPError(.serviceUnavailable, message: "the jobs worker has stopped\n")
            }
            return "queued\n"
        }
        return router
    }
}
