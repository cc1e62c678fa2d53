/// Why a recording cannot be written or read, in one line (display-safe once printed through
/// the program's standard error): the file cannot be created, is missing, is not a recording,
/// or is of a newer format.
public struct RecordingRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
