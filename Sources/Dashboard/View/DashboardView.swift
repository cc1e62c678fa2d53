import Simulation
import TerminalKit

/// Draws the whole screen from the model: header, the four panes, the footer legend and any
/// overlay. Pure: the same model, size and theme always give the same cells.
public enum DashboardView {
    public static func render(_ model: DashboardModel, theme: Theme) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: model.size)
        let layout = DashboardLayout.of(model)
        guard !layout.isTooSmall else {
            renderTooSmall(size: model.size, theme: theme, into: &buffer)
            return buffer
        }
        HeaderBar.render(model, theme: theme, in: layout.header, buffer: &buffer)
        let focused = model.focusedPane
        for pane in layout.panes {
            renderPane(pane.id, model: model, theme: theme, in: pane.area, buffer: &buffer)
            if pane.id == focused {
                FocusFrame.mark(pane.area, zoomed: model.zoomedPane != nil, theme: theme, buffer: &buffer)
            }
        }
        if let area = layout.sceneLog, let log = model.scene?.transcript?.followedLog {
            renderFollowedLog(log, in: area, theme: theme, buffer: &buffer)
        }
        FooterBar.render(model, theme: theme, in: layout.footer, buffer: &buffer)
        if let prompt = model.confirmationPrompt { ConfirmationBar.render(prompt, theme: theme, in: layout.footer, buffer: &buffer) }
        switch model.overlay {
        case .lessonMenu: LessonMenuOverlay.render(model.lessonMenu, theme: theme, in: layout.body, buffer: &buffer)
        case .help: HelpOverlay.render(firstRow: model.helpFirstRow, attachedTo: model.attachment?.program, theme: theme, in: layout.body, buffer: &buffer)
        case .taskDetail(let id): TaskDetailOverlay.render(id, model: model, theme: theme, in: layout.body, buffer: &buffer)
        case nil: break
        }
        if let stats = model.stats { StatsOverlay.render(stats, theme: theme, in: layout.body, buffer: &buffer) }
        return buffer
    }

    static func renderPane(_ id: PaneID, model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        if id == .scene {
            if let scene = model.scene { LessonPanel.render(scene, now: model.simulationNow, theme: theme, in: area, buffer: &buffer) }
            return
        }
        let title = switch id {
        case .log: LogPane.title(for: model)
        case .workers: model.showsProgram ? ResourcesPane.title : "Workers"
        case .queue: "Queue"
        case .timeline: TimelinePane.title(for: model)
        default: TasksPane.title(for: model)
        }
        Box(title: title, frameStyle: theme.frame, titleStyle: theme.title).render(in: area, buffer: &buffer)
        let padded = DashboardLayout.content(of: area)
        switch id {
        case .log: LogPane.render(model, theme: theme, in: padded, buffer: &buffer)
        case .workers where model.showsProgram: ResourcesPane.render(model, theme: theme, in: padded, buffer: &buffer)
        case .workers: WorkersPane.render(model, theme: theme, in: padded, buffer: &buffer)
        case .queue: QueuePane.render(model, theme: theme, in: padded, buffer: &buffer)
        case .timeline: TimelinePane.render(model, theme: theme, in: padded, buffer: &buffer)
        default: TasksPane.render(model, theme: theme, in: padded, buffer: &buffer)
        }
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

    /// Rows of log lines the Log pane shows (its interior less the status row): where it is
    /// on screen, else where it would be without a scene.
    static func logLineRows(for model: DashboardModel) -> Int {
        let layout = DashboardLayout.of(model)
        let area = layout.area(of: .log) ?? paneAreas(in: layout.body)[0]
        return max(0, area.height - 3)
    }

    /// Task rows the Tasks pane shows below its column headings.
    static func taskRows(for model: DashboardModel) -> Int {
        let layout = DashboardLayout.of(model)
        let area = layout.area(of: .tasks) ?? paneAreas(in: layout.body)[3]
        return max(0, area.height - 3)
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
