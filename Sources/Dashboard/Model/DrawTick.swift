/// What the render loop knows when it draws and the model does not: how long the dashboard has
/// run (standing still while paused), the frame rate, and the frame timings for `--stats`.
public struct DrawTick: Sendable, Equatable {
    public var uptime: Duration
    public var framesPerSecond: Int
    public var stats: FrameStats?
    /// What a picture drawn without a terminal (`snapshot`) says of the frame rate: the live
    /// dashboard's default, which is what it would be drawing at.
    public static let defaultFramesPerSecond = 30

    public init(uptime: Duration, framesPerSecond: Int, stats: FrameStats? = nil) {
        self.uptime = uptime
        self.framesPerSecond = framesPerSecond
        self.stats = stats
    }
}
