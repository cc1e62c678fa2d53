import Simulation
import TerminalKit

/// The bottom line: the keys that act where the person is (typing a filter, in the help, the
/// task detail, the lesson menu, a scene, or on the panes), most useful first, cut at the edge.
/// The words come from the key map's footer words, so the footer names only keys that work.
enum FooterBar {
    /// The order the panes' legend shows its entries in; what does not fit at the edge is in `?`.
    static let priority: [Action] = [
        .quit, .toggleHelp, .togglePause, .focusNextPane, .toggleZoom, .openLessonMenu, .spawnTask, .cancelSelectedTask,
        .openTaskDetail, .morePermits, .addWorker, .fasterProducers, .addConsumer, .growQueue, .slowerClock,
        .toggleTaskBreakdown, .startLogFilter, .cycleStateFilter, .sortByNextColumn, .sortByPreviousColumn,
    ]

    /// While a scene is shown: its own keys first.
    static let scenePriority: [Action] = [
        .toggleSceneGenerator, .toggleZoom, .focusNextPane, .openLessonMenu, .togglePause, .slowerClock, .toggleHelp, .quit,
    ]

    /// The scenes whose example hears `g` / `G` (the catalog does not say which do).
    static let scenesHearingKeys = ["streams/control"]

    /// In a replay: its clock and the keys that look around; nothing that would change the run.
    static let replayPriority: [Action] = [
        .quit, .toggleHelp, .togglePause, .seekReplayStart, .startReplaySeek, .slowerClock, .focusNextPane, .toggleZoom,
        .toggleTimeline,
        .openTaskDetail, .toggleTaskTree, .startLogFilter, .cycleStateFilter, .sortByNextColumn,
    ]

    /// Attached to a program: the keys that look around, and `c`, which asks the program.
    static let attachPriority: [Action] = [
        .quit, .toggleHelp, .focusNextPane, .toggleZoom, .cancelSelectedTask, .openTaskDetail, .toggleTaskTree,
        .toggleTimeline, .toggleTaskBreakdown, .startLogFilter, .cycleStateFilter, .sortByNextColumn,
    ]

    /// In the task detail: what acts on its task (`KeyMap.passesThroughTaskDetail`).
    static let taskDetailPriority: [Action] = [.cancelSelectedTask, .togglePause, .slowerClock, .toggleHelp, .quit]

    typealias Entry = (keys: String, word: String)

    static func entries(for model: DashboardModel) -> [Entry] {
        if model.overlay == nil, model.logView.draft != nil {
            return [("Enter", "apply filter"), ("Esc", "cancel"), ("Backspace", "erase")]
        }
        if model.overlay == nil, let draft = model.replaySeekPrompt.draft {
            return [("go to", "\(draft)▏"), ("Enter", "go"), ("Esc", "cancel"), ("Backspace", "erase")]
        }
        if model.overlay == nil, model.taskView.search.isTyping {
            return [("Enter", "apply search"), ("Esc", "cancel"), ("Backspace", "erase")]
        }
        let notice: [Entry] = model.footerNotice.map { [("!", $0)] } ?? []
        if model.overlay == nil, model.past != nil {
            return notice + [(", ;", "back"), (".", "forward"), ("space", "resume from now"), ("q", "quit")]
        }
        switch model.overlay {
        case .help: return [("Esc ?", "close help"), ("↑↓ PgUp PgDn Home End", "scroll"), ("q", "quit")]
        case .taskDetail where model.attachment != nil:
            return notice + [("Esc Enter", "close")] + entries([.cancelSelectedTask, .toggleHelp, .quit], in: KeyMap.bindings, model: model)
        case .taskDetail: return [("Esc Enter", "close")] + entries(taskDetailPriority, in: KeyMap.bindings, model: model)
        case .lessonMenu:
            let menu = KeyMap.lessonMenuBindings.compactMap { binding in binding.footer.map { (binding.keyLabel, $0) } }
            return menu + [("1-4", "a lesson"), ("q", "quit")]
        case nil:
            if let scene = model.scene {
                let hearsKeys = scenesHearingKeys.contains { LessonPick(named: $0, run: scene.pick.run) == scene.pick }
                let actions = scenePriority.filter { hearsKeys || $0 != .toggleSceneGenerator }
                return [("Esc", "end scene")] + entries(actions, in: KeyMap.bindings, model: model)
            }
            if model.focusedPane == .timeline { return notice + timelineEntries(model) }
            if model.isReplay {
                let back: [Entry] = model.isPaused ? [(", ;", "back"), (".", "step")] : []
                return notice + Array(entries(Array(replayPriority.prefix(3)), in: KeyMap.bindings, model: model)) + back
                    + entries(Array(replayPriority.dropFirst(3)), in: KeyMap.replayBindings + KeyMap.bindings, model: model)
            }
            if let attachment = model.attachment {
                let offer: [Entry] = attachment.reattachOffer.map { [("!", $0)] } ?? []
                return offer + notice + entries(attachPriority, in: KeyMap.bindings, model: model)
            }
            return notice + entries(priority, in: KeyMap.bindings, model: model)
        }
    }

    /// With the Timeline focused: its scale keys, then (paused) panning, then the main keys.
    static let timelinePriority: [Action] = [
        .finerTimeline, .togglePause, .focusNextPane, .toggleZoom, .toggleTimeline, .toggleHelp, .quit,
    ]

    static func timelineEntries(_ model: DashboardModel) -> [Entry] {
        var all = entries(timelinePriority, in: KeyMap.bindings, model: model)
        guard model.isPaused else { return all }
        var panning: [Entry] = [("← →", "pan")]
        if let now = model.simulationNow, model.timeline.end(now: now, isPaused: true) < now { panning.append(("End", "now")) }
        all.insert(contentsOf: panning, at: 1)
        return all
    }

    /// The footer words of `actions`' bindings, in that order; zoomed, `z` says it restores.
    static func entries(_ actions: [Action], in bindings: [KeyBinding], model: DashboardModel) -> [Entry] {
        actions.compactMap { action in
            guard let binding = bindings.first(where: { $0.action == action }), let word = binding.footer else { return nil }
            let keys = binding.pairKeys ?? binding.keys[0].label
            return (keys, action == .toggleZoom && model.zoomedPane != nil ? "unzoom" : word)
        }
    }

    static func render(_ model: DashboardModel, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area)
        var x = area.x
        for entry in entries(for: model) {
            // Whole entries only: a key without its word, or a word cut short, says nothing true.
            let keys = " \(entry.keys) ", word = " \(entry.word) "
            guard x + CharacterWidth.of(keys) + CharacterWidth.of(word) <= area.maxX else { break }
            x = buffer.write(keys, x: x, y: area.y, style: theme.key, clip: area)
            x = buffer.write(word, x: x, y: area.y, style: theme.keyLabel, clip: area)
        }
    }
}
