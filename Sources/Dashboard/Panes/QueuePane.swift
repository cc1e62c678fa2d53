import Simulation
import TerminalKit

/// The Queue pane: the depth gauge coloured by fill, the producers (and how many are blocked by
/// a full queue), the consumers, the conservation line and the depth over the last minute. A
/// narrow pane gives up the high-water mark, the idle consumers and the producers' rate before
/// the blocked producers or the depth.
enum QueuePane {
    private typealias Segment = PrioritizedLine.Segment
    private typealias Wording = PrioritizedLine.Wording

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
            PrioritizedLine(segments: [
                Segment(" \(queue.depth)/\(queue.capacity)", priority: 9, style: fillStyle),
                Segment([Wording(text: " · high water \(queue.highWater)", priority: 3),
                         Wording(text: " · peak \(queue.highWater)", priority: 2)], style: theme.text),
            ]).render(x: x, y: y, clip: area, buffer: &buffer)
        }
        line { y in
            // Back-pressure is the point of the pane: the blocked producers stay when the rest goes.
            let blocked = queue.blockedSenders
            let producers = "\(snapshot.producers) \(snapshot.producers == 1 ? "producer" : "producers")"
            PrioritizedLine(segments: [
                Segment("in  \(snapshot.sendRate)/s", priority: 8, style: theme.text),
                Segment([Wording(text: " · \(producers) @\(Format.rate(snapshot.ratePerProducer))/s", priority: 4),
                         Wording(text: " · \(producers)", priority: 5)], style: theme.text),
                Segment(" · \(blocked) blocked", priority: 9, style: blocked > 0 ? theme.warning : theme.dim),
            ]).render(x: area.x, y: y, clip: area, buffer: &buffer)
        }
        line { y in
            PrioritizedLine(segments: [
                Segment("out \(snapshot.receiveRate)/s", priority: 8, style: theme.text),
                Segment(" · \(snapshot.consumers) \(snapshot.consumers == 1 ? "consumer" : "consumers")", priority: 5,
                        style: theme.text),
                Segment(" · \(queue.blockedReceivers) idle", priority: 3, style: theme.dim),
            ]).render(x: area.x, y: y, clip: area, buffer: &buffer)
        }
        line { y in
            let holds = snapshot.conservationHolds
            let style = holds ? theme.ok : theme.error
            let equals = holds ? "=" : "≠"
            PrioritizedLine(segments: [
                Segment([Wording(text: "sent \(queue.sent) \(equals) received \(queue.received) + queued \(queue.depth) ", priority: 4),
                         Wording(text: "sent \(queue.sent) \(equals) recv \(queue.received) + \(queue.depth) queued ", priority: 5),
                         Wording(text: "\(queue.sent) \(equals) \(queue.received) + \(queue.depth) ", priority: 6)], style: style),
                Segment(holds ? "✓" : "✗ BROKEN", priority: 9, style: style),
            ]).render(x: area.x, y: y, clip: area, buffer: &buffer)
        }
        line { y in
            let x = buffer.write("60s ", x: area.x, y: y, style: theme.dim, clip: area)
            let maximum = max(queue.capacity, snapshot.depthHistory.max() ?? 0)
            buffer.write(Sparkline.line(snapshot.depthHistory, maximum: maximum, width: area.maxX - x), x: x, y: y,
                         style: fillStyle, clip: area)
        }
    }
}
