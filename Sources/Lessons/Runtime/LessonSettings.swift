import Foundation

/// Knobs an example reads; the command and the tests set them, and the defaults are what the
/// plain `demo` command runs with.
public struct LessonSettings: Sendable {
    /// Size of the generated file the large-file example streams.
    public var largeFileBytes: Int
    /// Seed for every generated input (link graph, file contents, request outcomes).
    public var seed: UInt64
    /// Where each run makes its scratch directory; the command points it at a folder of its own
    /// so that an interrupted run can remove what it wrote (the large file is 200 MB).
    public var scratchParent: URL

    public init(largeFileBytes: Int = 200 * 1_000_000, seed: UInt64 = 6,
                scratchParent: URL = FileManager.default.temporaryDirectory) {
        self.largeFileBytes = largeFileBytes
        self.seed = seed
        self.scratchParent = scratchParent
    }
}
