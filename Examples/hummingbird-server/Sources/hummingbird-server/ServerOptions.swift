/// The command line: `hummingbird-server [--port N] [--no-probe]`.
struct ServerOptions: Equatable {
    static let usage = "usage: hummingbird-server [--port N] [--no-probe]"

    /// 0 lets the system pick a free port (the line `listening on ...` says which).
    var port = 8080
    /// Off for the overhead comparison: the same server with plain primitives and no probe.
    var probed = true

    /// Nil when the user asked for help.
    static func parse(_ arguments: some Sequence<String>) throws(UsageError) -> ServerOptions? {
        var options = ServerOptions()
        var rest = arguments.makeIterator()
        while let argument = rest.next() {
            switch argument {
            case "--help", "-h":
                return nil
            case "--no-probe":
                options.probed = false
            case "--port":
                guard let value = rest.next() else { throw UsageError("--port needs a number from 0 to 65535") }
                guard let port = Int(value), (0...65535).contains(port) else {
                    throw UsageError("--port takes a number from 0 to 65535, not '\(UsageError.printable(value))'")
                }
                options.port = port
            default:
                throw UsageError("unknown argument '\(UsageError.printable(argument))'; \(usage)")
            }
        }
        return options
    }
}

/// A bad command line, said in one line.
struct UsageError: Error, Equatable, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// `text` with control characters shown as `\u{1B}`, so a value never writes an escape
    /// sequence to the terminal.
    static func printable(_ text: String) -> String {
        text.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
    }
}
