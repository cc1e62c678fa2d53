import Simulation
import TerminalKit

/// Draws the whole screen from the model: header, the four panes, the footer legend and any
/// overlay. Pure: the same model, size and theme always give the same cells.
public enum DashboardView {
    public static func render(_ model: DashboardModel, theme: Theme) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: model.size)
        let size = model.size
        guard size.width >= AppInfo.minimumSize.width, size.height >= AppInfo.minimumSize.height else {
            renderTooSmall(size: size, theme: theme, into: &buffer)
            return buffer
        }
        let rows = buffer.bounds.split(.vertical, [.length(1), .fill(1), .length(1)])
        HeaderBar.render(model, theme: theme, in: rows[0], buffer: &buffer)
        let areas = paneAreas(in: rows[1])
        let titles = [LogPane.title(for: model), "Workers", "Queue", TasksPane.title(for: model)]
        let scene = model.scene.map { ($0, sceneArea(areas)) }
        let followed = model.scene?.transcript?.followedLog.map { ($0, followedLogArea(areas)) }
        let covered = [scene?.1, followed?.1].compactMap { $0 }
        for (index, area) in areas.enumerated() where covered.allSatisfy({ $0.intersection(area).isEmpty }) {
            let inner = Box(title: titles[index], frameStyle: theme.frame, titleStyle: theme.title).render(in: area, buffer: &buffer)
            let padded = inner.paddedHorizontally
            switch index {
            case 0: LogPane.render(model, theme: theme, in: padded, buffer: &buffer)
            case 1: WorkersPane.render(model, theme: theme, in: padded, buffer: &buffer)
            case 2: QueuePane.render(model, theme: theme, in: padded, buffer: &buffer)
            default: TasksPane.render(model, theme: theme, in: padded, buffer: &buffer)
            }
        }
        if let (scene, area) = scene {
            LessonPanel.render(scene, now: model.simulationNow, theme: theme, in: area, buffer: &buffer)
            if let (log, area) = followed { renderFollowedLog(log, in: area, theme: theme, buffer: &buffer) }
        }
        FooterBar.render(theme: theme, in: rows[2], buffer: &buffer)
        if let prompt = model.confirmationPrompt { ConfirmationBar.render(prompt, theme: theme, in: rows[2], buffer: &buffer) }
        switch model.overlay {
        case .lessonMenu: LessonMenuOverlay.render(model.lessonMenu, theme: theme, in: rows[1], buffer: &buffer)
        case .help: HelpOverlay.render(firstRow: model.helpFirstRow, theme: theme, in: rows[1], buffer: &buffer)
        case .taskDetail(let id): TaskDetailOverlay.render(id, model: model, theme: theme, in: rows[1], buffer: &buffer)
        case nil: break
        }
        if let stats = model.stats { StatsOverlay.render(stats, theme: theme, in: rows[1], buffer: &buffer) }
        return buffer
    }

    /// Log, Workers, Queue, Tasks: a 2x2 grid when wide enough; narrower, the Log on top, Workers
    /// and Queue side by side, the Tasks below.
    public static func paneAreas(in body: Rect) -> [Rect] {
        if body.width >= AppInfo.gridMinimumWidth {
            let halves = body.split(.vertical, [.fill(1), .fill(1)])
            return halves.flatMap { $0.split(.horizontal, [.fill(1), .fill(1)]) }
        }
        let bands = body.split(.vertical, [.fill(1), .fill(1), .fill(1)])
        let middle = bands[1].split(.horizontal, [.fill(1), .fill(1)])
        return [bands[0], middle[0], middle[1], bands[2]]
    }

    /// Where a lesson scene goes: over the Log and Queue panes, the left column of the grid (the
    /// Workers and Tasks panes stay in view, the lesson's task among the tasks); stacked, over
    /// the Log, Workers and Queue, leaving the Tasks.
    static func sceneArea(_ areas: [Rect]) -> Rect {
        let (log, queue) = (areas[0], areas[2])
        let x = min(log.x, queue.x), y = min(log.y, queue.y)
        return Rect(x: x, y: y, width: max(log.maxX, queue.maxX) - x, height: max(log.maxY, queue.maxY) - y)
    }

    /// Where a scene shows the file its example follows: over the Workers pane in the grid (the
    /// Tasks pane keeps the lesson's task in view); stacked, where the Workers pane is under the
    /// scene, over the Tasks.
    static func followedLogArea(_ areas: [Rect]) -> Rect {
        sceneArea(areas).intersection(areas[1]).isEmpty ? areas[1] : areas[3]
    }

    static func renderFollowedLog(_ log: LogSnapshot, in area: Rect, theme: Theme, buffer: inout ScreenBuffer) {
        let title = "Log — \(log.fileName), the lesson's"
        let inner = Box(title: title, frameStyle: theme.title, titleStyle: theme.title).render(in: area, buffer: &buffer)
        let padded = inner.paddedHorizontally
        LogPane.render(log, view: LogView(), theme: theme, in: padded, buffer: &buffer)
    }

    /// Rows of log lines the Log pane shows at this screen size (its interior less the status row).
    static func logLineRows(for size: Size) -> Int {
        let body = Rect(size: size).split(.vertical, [.length(1), .fill(1), .length(1)])[1]
        return max(0, paneAreas(in: body)[0].height - 3)
    }

    static func renderTooSmall(size: Size, theme: Theme, into buffer: inout ScreenBuffer) {
        let minimum = AppInfo.minimumSize
        let lines = [
            "terminal too small:",
            "need at least \(minimum.width)x\(minimum.height),",
            "have \(size.width)x\(size.height)",
        ]
        let joined = lines.joined(separator: " ")
        // One line when it fits, else one phrase per row; whatever does not fit is clipped.
        let shown = CharacterWidth.of(joined) <= size.width ? [joined] : lines
        let top = max(0, (size.height - shown.count) / 2)
        for (offset, line) in shown.enumerated() {
            let width = CharacterWidth.of(line)
            buffer.write(line, x: max(0, (size.width - width) / 2), y: top + offset, style: theme.warning)
        }
    }
}

/// Frame timings in a corner, for `--stats`: how long building and drawing a frame takes.
enum StatsOverlay {
    static func render(_ stats: FrameStats, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        func ms(_ duration: Duration) -> String {
            let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
            return "\(micros / 1000).\(micros % 1000 / 100)"
        }
        let text = " frame p50 \(ms(stats.p50)) ms · p99 \(ms(stats.p99)) ms · max \(ms(stats.worst)) ms (\(stats.frames) frames) "
        let width = min(area.width, CharacterWidth.of(text))
        buffer.write(text, x: area.maxX - width, y: area.maxY - 1, style: theme.headerAlert, clip: area)
    }
}
