import AsyncDemoCore
import Simulation
import TerminalKit

/// Renders an attached program's dashboard without a terminal, for `snapshot --attach`: the
/// stream is folded for `after` real seconds (or until it ends), then the screen is drawn as
/// the live dashboard would draw it then. The connection is closed before it returns.
public enum AttachRun {
    public static func render(_ feed: AttachFeed, after: Duration, size: Size, theme: Theme) async -> ScreenBuffer {
        let reading = Task { await feed.run {} }
        let deadline = ContinuousClock.now + after
        // A real wait: the program runs in real time. A stream that ends sooner shows as exited.
        try? await Task.sleep(until: deadline, clock: .continuous)
        // Taken before the connection is closed: closing it ends the stream, which would read
        // as the program's exit.
        let (frame, attachment) = feed.frame(at: .now)
        feed.source.close()
        reading.cancel()
        await reading.value
        var model = DashboardModel(size: size)
        model.startAttached(to: feed.source)
        _ = model.update(.attachment(attachment))
        _ = model.update(.frame(frame))
        _ = model.update(.tick(DrawTick(uptime: frame.instant.sinceStart, framesPerSecond: DrawTick.defaultFramesPerSecond)))
        return DashboardView.render(model, theme: theme)
    }
}
