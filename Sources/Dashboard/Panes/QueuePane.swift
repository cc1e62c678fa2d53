import Simulation
import TerminalKit

/// The Queue pane: the depth gauge coloured by fill, the producers (and how many are blocked by
/// a full queue), the consumers, the conservation line and the depth over the last minute.
enum QueuePane {
    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        guard let snapshot = model.queue else {
            return PaneText.centered("starting the pipeline…", theme: theme, in: area, buffer: &buffer)
        }
        let queue = snapshot.queue
        let fill = Double(queue.depth) / Double(max(1, queue.capacity))
        let fillStyle = fill >= 0.9 ? theme.error : fill >= 0.5 ? theme.busy : theme.ok
        var y = area.y
        func line(_ draw: (Int) -> Void) {
            guard y < area.maxY else { return }
            draw(y)
            y += 1
        }
        line { y in
            var x = buffer.write("depth ", x: area.x, y: y, style: theme.title, clip: area)
            x = Gauge.render(fill, width: min(24, max(4, area.width - 30)), x: x, y: y, fill: fillStyle, track: theme.dim,
                             clip: area, buffer: &buffer)
            x = buffer.write(" \(queue.depth)/\(queue.capacity)", x: x, y: y, style: fillStyle, clip: area)
            buffer.write(" · high water \(queue.highWater)", x: x, y: y, style: theme.text, clip: area)
        }
        line { y in
            var x = buffer.write("in  \(snapshot.sendRate)/s", x: area.x, y: y, style: theme.text, clip: area)
            x = buffer.write(" · \(snapshot.producers) producers @\(Format.rate(snapshot.ratePerProducer))/s", x: x, y: y,
                             style: theme.text, clip: area)
            let blocked = queue.blockedSenders
            buffer.write(" · \(blocked) blocked", x: x, y: y, style: blocked > 0 ? theme.warning : theme.dim, clip: area)
        }
        line { y in
            let x = buffer.write("out \(snapshot.receiveRate)/s · \(snapshot.consumers) consumers", x: area.x, y: y,
                                 style: theme.text, clip: area)
            buffer.write(" · \(queue.blockedReceivers) idle", x: x, y: y, style: theme.dim, clip: area)
        }
        line { y in
            let holds = snapshot.conservationHolds
            let text = "sent \(queue.sent) \(holds ? "=" : "≠") received \(queue.received) + queued \(queue.depth) "
            let x = buffer.write(text, x: area.x, y: y, style: holds ? theme.ok : theme.error, clip: area)
            buffer.write(holds ? "✓" : "✗ BROKEN", x: x, y: y, style: holds ? theme.ok : theme.error, clip: area)
        }
        line { y in
            let x = buffer.write("60s ", x: area.x, y: y, style: theme.dim, clip: area)
            let maximum = max(queue.capacity, snapshot.depthHistory.max() ?? 0)
            buffer.write(Sparkline.line(snapshot.depthHistory, maximum: maximum, width: area.maxX - x), x: x, y: y,
                         style: fillStyle, clip: area)
        }
    }
}
