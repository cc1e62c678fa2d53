import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// Every key of the key map, pressed on a dashboard with every pane fed, does what its help says.
@Suite("Reducer: every key")
struct ReducerTests {
    static let everyKey: [KeyEvent] = KeyMap.bindings.flatMap(\.keys)

    private func fedModel() async -> DashboardModel { await Fixtures.modelWithLongLog() }

    /// Pressed with the Tasks focused (as at the start) and with the Log focused, so that each
    /// navigation key is tried in both panes it acts on.
    @Test(arguments: everyKey, [PaneID.tasks, .log])
    func each_key_has_its_effect(key: KeyEvent, focus: PaneID) async throws {
        var before = await fedModel()
        before.setFocus(focus)
        var model = before
        let action = try #require(KeyMap.action(for: key, in: model))
        let handled = model.handle(key)
        #expect(handled)
        let rows = before.taskRows
        let top = try #require(rows.first?.id)
        let page = before.logPageSize
        switch action {
        case .quit: #expect(model.exitStatus == 0)
        case .toggleHelp: #expect(model.overlay == .help)
        case .closeOverlay:
            // Nothing open: Esc changes nothing; with the help open it closes it.
            #expect(model.overlay == nil && model.commands.isEmpty)
            model.apply(.toggleHelp)
            let closed = model.handle(key)
            #expect(closed && model.overlay == nil)
        case .togglePause: #expect(model.isPaused && model.commands == [.setPaused(true)])
        case .stepClock:
            #expect(model.commands.isEmpty, "stepping only acts while paused")
            model.apply(.togglePause)
            _ = model.takeCommands()
            model.handle(key)
            #expect(model.commands == [.step])
        case .seekReplayStart, .seekReplayEnd, .startReplaySeek:
            // Bound only in a replay (ReplayRunnerTests): not among the live keys tried here.
            Issue.record("\(key) seeks a replay in a live run")
        case .stepBack, .jumpBack:
            // Running, the past is not shown (RewindTests try it paused).
            #expect(model.past == nil && model.pastRequest == nil && model.commands.isEmpty)
        case .slowerClock: #expect(model.speed == 0.5 && model.commands == [.setSpeed(0.5)])
        case .fasterClock: #expect(model.speed == 2 && model.commands == [.setSpeed(2)])
        case .scrollLogBack: #expect(model.logView.scrollBack == page)
        case .scrollLogForward:
            model.apply(.scrollLogBack)
            model.apply(.scrollLogBack)
            model.handle(key)
            #expect(model.logView.scrollBack == page)
        case .scrollLogToOldest: #expect(model.logView.scrollBack == 100 - page)
        case .followLog:
            model.apply(.scrollLogBack)
            model.handle(key)
            #expect(model.logView.isFollowing)
        case .startLogFilter: #expect(model.logView.draft == "")
        case .toggleLogWrap:
            #expect(model.logView.wrapsLines)
            model.handle(key)
            #expect(!model.logView.wrapsLines)
        case .morePermits: #expect(model.commands == [.adjustPermits(by: 1)])
        case .fewerPermits: #expect(model.commands == [.adjustPermits(by: -1)])
        case .addWorker: #expect(model.commands == [.adjustWorkers(by: 1)])
        case .removeWorker: #expect(model.commands == [.adjustWorkers(by: -1)])
        case .fasterProducers: #expect(model.commands == [.stepRate(up: true)])
        case .slowerProducers: #expect(model.commands == [.stepRate(up: false)])
        case .addProducer: #expect(model.commands == [.adjustProducers(by: 1)])
        case .removeProducer: #expect(model.commands == [.adjustProducers(by: -1)])
        case .addConsumer: #expect(model.commands == [.adjustConsumers(by: 1)])
        case .removeConsumer: #expect(model.commands == [.adjustConsumers(by: -1)])
        case .growQueue: #expect(model.commands == [.stepCapacity(up: true)])
        case .shrinkQueue: #expect(model.commands == [.stepCapacity(up: false)])
        case .spawnTask: #expect(model.commands == [.spawnJob])
        case .cancelSelectedTask: #expect(model.commands == [.cancel(top)])
        case .cancelAllTasks:
            #expect(model.confirmation == .cancelAll && model.commands.isEmpty, "C asks first")
            model.handle(.character("y"))
            #expect(model.confirmation == nil && model.commands == [.cancelAll])
        case .reattach: Issue.record("r is bound only while attached (KeyMap.attachBindings)")
        case .restartScenario:
            #expect(model.restartRequested && model.tasks == nil && model.workers == nil && model.log == nil)
        case .openTaskDetail: #expect(model.overlay == .taskDetail(top))
        case .selectNextTask: #expect(model.taskView.selected == rows[1].id)
        case .selectPreviousTask:
            model.apply(.selectNextTask)
            model.apply(.selectNextTask)
            model.handle(key)
            #expect(model.taskView.selected == rows[1].id)
        case .sortByNextColumn: #expect(model.taskView.sortColumn == .name)
        case .sortByPreviousColumn: #expect(model.taskView.sortColumn == .age)
        case .invertSort:
            #expect(model.taskView.inverted)
            #expect(model.taskRows.map(\.id) == rows.map(\.id).reversed(), "ids are unique, so inverting reverses")
        case .cycleStateFilter:
            #expect(model.taskView.filter == .live)
            #expect(model.taskRows.allSatisfy { !$0.state.isFinished })
        case .toggleTaskTree:
            #expect(model.taskView.layout == .tree)
            model.handle(key)
            #expect(model.taskView.layout == .list && model.taskRows.map(\.id) == rows.map(\.id))
        case .toggleTaskBreakdown:
            #expect(model.taskView.showsBreakdown && model.taskView.columns.contains(.busyTime))
            model.handle(key)
            #expect(!model.taskView.showsBreakdown && model.taskRows.map(\.id) == rows.map(\.id))
        case .searchTasks: #expect(model.taskView.search.isTyping && model.logView.draft == nil)
        case .openLessonMenu:
            #expect(model.overlay == .lessonMenu && model.commands.isEmpty)
            model.handle(key)
            #expect(model.overlay == nil, "m again closes the menu")
        case .startLesson(let number):
            let pick = LessonPick(lessonIndex: number - 1, exampleIndex: 0, run: 1)
            #expect(model.scene == LessonScene(pick: pick))
            #expect(model.commands == [.startLesson(pick)])
        case .toggleSceneGenerator, .stopSceneGenerator:
            #expect(model.commands.isEmpty, "no scene runs: nothing to pass the key to")
            model.apply(.startLesson(2))
            _ = model.takeCommands()
            model.handle(key)
            #expect(model.commands == [.controlLesson(action == .toggleSceneGenerator ? .togglePause : .stop)])
        case .highlightPreviousExample, .highlightNextExample, .startHighlightedExample:
            Issue.record("\(action) is bound only in the lesson menu (see each_lesson_menu_key_has_its_effect)")
        case .scrollHelp:
            Issue.record("\(action) is bound only in the help (see HelpScrollTests)")
        case .toggleTimeline: #expect(model.timeline.isShown && model.focusRing.contains(.timeline))
        case .finerTimeline: #expect(model.timeline.cellWidth == .milliseconds(50))
        case .coarserTimeline: #expect(model.timeline.cellWidth == .milliseconds(200))
        case .panTimelineBack, .panTimelineForward, .panTimelineToNow:
            Issue.record("\(action) is what the arrows and End mean with the Timeline focused (see TimelineReducerTests)")
        case .focusNextPane, .focusPreviousPane:
            let ring = before.focusRing
            let index = try #require(ring.firstIndex(of: focus))
            let step = action == .focusNextPane ? 1 : ring.count - 1
            #expect(model.focusedPane == ring[(index + step) % ring.count])
        case .toggleZoom:
            #expect(model.zoomedPane == focus)
            model.handle(key)
            #expect(model.zoomedPane == nil && model.focusedPane == focus)
        case .scrollLogLineBack: #expect(model.logView.scrollBack == 1)
        case .scrollLogLineForward:
            model.apply(.scrollLogBack)
            model.handle(key)
            #expect(model.logView.scrollBack == page - 1)
        case .selectTaskPageForward: #expect(model.taskView.selected == rows[min(rows.count - 1, before.taskPageSize)].id)
        case .selectTaskPageBack:
            model.apply(.selectLastTask)
            model.handle(key)
            #expect(model.taskView.selected == rows[max(0, rows.count - 1 - before.taskPageSize)].id)
        case .selectFirstTask:
            model.apply(.selectNextTask)
            model.handle(key)
            #expect(model.taskView.selected == top)
        case .selectLastTask: #expect(model.taskView.selected == rows.last?.id)
        }
    }

    static let everyLessonMenuKey: [KeyEvent] = KeyMap.lessonMenuBindings.flatMap(\.keys)

    /// The keys that act only while the lesson menu is open, pressed with the menu open.
    @Test(arguments: everyLessonMenuKey)
    func each_lesson_menu_key_has_its_effect(key: KeyEvent) async throws {
        var model = await fedModel()
        model.handle(.character("m"))
        let action = try #require(KeyMap.action(for: key, in: model))
        let handled = model.handle(key)
        #expect(handled)
        switch action {
        case .highlightNextExample:
            #expect(model.lessonMenu.highlighted == 1)
        case .highlightPreviousExample:
            #expect(model.lessonMenu.highlighted == 0, "the first example is as far up as it goes")
            model.apply(.highlightNextExample)
            model.apply(.highlightNextExample)
            model.handle(key)
            #expect(model.lessonMenu.highlighted == 1)
        case .startHighlightedExample:
            #expect(model.overlay == nil)
            #expect(model.commands == [.startLesson(LessonPick(lessonIndex: 0, exampleIndex: 0, run: 1))])
        case .closeOverlay:
            #expect(model.overlay == nil && model.commands.isEmpty && model.scene == nil)
        default:
            Issue.record("\(action) is not a lesson menu action")
        }
    }

    @Test func the_detail_lets_the_clock_keys_and_cancel_through_and_nothing_else() async throws {
        var model = await fedModel()
        model.apply(.openTaskDetail)
        guard case .taskDetail(let id) = model.overlay else {
            Issue.record("no detail open")
            return
        }
        model.handle(.character("j"))
        model.handle(.character("s"))
        #expect(model.commands.isEmpty && model.taskView.selected == nil)
        model.handle(.character("c"))
        model.handle(.character(" "))
        #expect(model.commands == [.cancel(id), .setPaused(true)])
        model.handle(.enter)
        #expect(model.overlay == nil)
    }

    @Test func cancel_does_nothing_for_a_finished_task() async throws {
        var model = await fedModel()
        model.taskView.filter = .finished
        model.apply(.cancelSelectedTask)
        #expect(model.commands.isEmpty)
    }

    @Test func speed_stops_at_both_ends() async {
        var model = await fedModel()
        for _ in 0..<10 { model.apply(.fasterClock) }
        #expect(model.speed == 10)
        for _ in 0..<10 { model.apply(.slowerClock) }
        #expect(model.speed == 0.1)
    }
}
