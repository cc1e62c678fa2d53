import Tracing

/// What a request's span is called on the board: `GET /db`, as OpenTelemetry names an HTTP
/// server span (method, then route). Hummingbird's `TracingMiddleware` starts each request's
/// span as `HTTP GET route not found` and names it for its bare route (`/db`) only after the
/// handler has run, so without this every request in flight would read "route not found".
enum ServerSpanName {
    /// The name to show for a span called `operationName` with `attributes`.
    static func shown(_ operationName: String, attributes: SpanAttributes) -> String {
        if isPlaceholder(operationName) {
            if let method = text(attributes.get("http.request.method")), let path = text(attributes.get("url.path")) {
                return "\(method) \(path)"
            }
            // Started, its attributes not yet set: the method is all that is known, and the
            // request has not been routed yet, whatever the placeholder says.
            return String(operationName.dropFirst("HTTP ".count).dropLast(" route not found".count))
        }
        if operationName.hasPrefix("/"), let method = text(attributes.get("http.request.method")) {
            return "\(method) \(operationName)"
        }
        return operationName
    }

    /// `HTTP GET route not found`: the middleware's name for a request not yet routed.
    static func isPlaceholder(_ operationName: String) -> Bool {
        // Bytes, not characters: counting characters walks the whole name, on every request.
        operationName.utf8.count > "HTTP  route not found".utf8.count && operationName.hasPrefix("HTTP ")
            && operationName.hasSuffix(" route not found")
    }

    private static func text(_ attribute: SpanAttribute?) -> String? {
        guard case .string(let value)? = attribute, !value.isEmpty else { return nil }
        return value
    }
}
