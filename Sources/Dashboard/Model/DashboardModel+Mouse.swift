import TerminalKit

/// The mouse's part of the reducer, hit-tested against the layout the view draws
/// (`DashboardLayout`): a press focuses the pane under it and selects what it lands on; a press
/// on what is already selected opens it (so a double-click is a select and an open); the wheel
/// scrolls the pane under the pointer without moving the focus.
extension DashboardModel {
    /// Lines the wheel moves the Log, and rows the task selection, per notch.
    static let wheelStep = 3

    mutating func handle(_ mouse: MouseEvent) {
        let layout = DashboardLayout.of(self)
        guard !layout.isTooSmall else { return }
        switch overlay {
        case .lessonMenu: return handleInLessonMenu(mouse, body: layout.body)
        // The help and the detail cover the panes; Esc closes them.
        case .help, .taskDetail: return
        case nil: break
        }
        guard let pane = layout.pane(atX: mouse.x, y: mouse.y) else { return }
        switch mouse.kind {
        case .press:
            let wasFocused = focusedPane == pane
            setFocus(pane)
            if pane == .timeline, let area = layout.area(of: .timeline),
               let task = TimelinePane.task(atY: mouse.y, in: DashboardLayout.content(of: area), model: self) {
                return taskView.selected = task
            }
            guard pane == .tasks, let area = layout.area(of: .tasks),
                  let task = TasksPane.task(atY: mouse.y, in: DashboardLayout.content(of: area), model: self) else { return }
            // The first press on an unfocused pane only focuses and selects, so that a press
            // meant to focus the Tasks never opens a detail by surprise.
            if wasFocused, task == focusedTask {
                overlay = .taskDetail(task)
            } else {
                taskView.selected = task
            }
        case .wheelUp, .wheelDown:
            let back = mouse.kind == .wheelUp
            switch pane {
            case .log: scrollLog(by: back ? Self.wheelStep : -Self.wheelStep)
            case .tasks: taskView.moveSelection(by: back ? -Self.wheelStep : Self.wheelStep, in: taskRows)
            case .scene: scrollSceneTranscript(by: back ? Self.wheelStep : -Self.wheelStep)
            case .workers, .queue, .timeline: break
            }
        }
    }

    private mutating func handleInLessonMenu(_ mouse: MouseEvent, body: Rect) {
        switch mouse.kind {
        case .press:
            guard let entry = LessonMenuOverlay.entry(atX: mouse.x, y: mouse.y, menu: lessonMenu, in: body) else { return }
            if entry == lessonMenu.highlighted {
                apply(.startHighlightedExample)
            } else {
                lessonMenu.move(by: entry - lessonMenu.highlighted)
            }
        case .wheelUp: lessonMenu.move(by: -1)
        case .wheelDown: lessonMenu.move(by: 1)
        }
    }
}
