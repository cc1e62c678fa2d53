import TerminalKit

/// Where a binding is listed in the help overlay.
public enum KeySection: String, CaseIterable, Sendable {
    case screen = "Whole screen", log = "Log", workers = "Workers", queue = "Queue", tasks = "Tasks"
    case timeline = "Timeline"
    case lessons = "Lessons", lessonMenu = "In the lesson menu", replay = "In a replay", help = "In this help"
}

public struct KeyBinding: Sendable {
    public var keys: [KeyEvent]
    public var action: Action
    public var section: KeySection
    /// The sentence in the help overlay; nil when the binding's pair (`pairKeys`) says it.
    public var help: String?
    /// The word in the footer legend; nil keeps the binding out of the footer.
    public var footer: String?
    /// For the first of a pair ("+" and "-"): the keys the help and footer show for both.
    public var pairKeys: String?

    init(_ keys: [KeyEvent], _ action: Action, _ section: KeySection, help: String?, footer: String? = nil,
         pairKeys: String? = nil) {
        self.keys = keys
        self.action = action
        self.section = section
        self.help = help
        self.footer = footer
        self.pairKeys = pairKeys
    }

    /// How the keys read in the footer and help: the pair's, else each key's label.
    public var keyLabel: String { pairKeys ?? keys.map(\.label).joined(separator: " ") }
}

public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding([.character("q")], .quit, .screen, help: "quit and restore the terminal", footer: "quit"),
        KeyBinding([.character("?"), .function(1)], .toggleHelp, .screen, help: "show or hide this help", footer: "help"),
        KeyBinding([.escape], .closeOverlay, .screen, help: "close overlay/scene; clear filter"),
        KeyBinding([.character(" ")], .togglePause, .screen, help: "pause or resume the simulation", footer: "pause"),
        KeyBinding([.character(".")], .stepClock, .screen, help: "step 100 ms while paused"),
        KeyBinding([.character(",")], .stepBack, .screen, help: "paused: the past, 100 ms / 5 s back",
                   pairKeys: ", ;"),
        KeyBinding([.character(";")], .jumpBack, .screen, help: nil),
        KeyBinding([.character("x")], .slowerClock, .screen, help: "simulation slower / faster", footer: "speed",
                   pairKeys: "x X"),
        KeyBinding([.character("X")], .fasterClock, .screen, help: nil),
        KeyBinding([.tab], .focusNextPane, .screen, help: "focus the next pane", footer: "focus"),
        KeyBinding([.backTab], .focusPreviousPane, .screen, help: "focus the previous pane"),
        KeyBinding([.character("z")], .toggleZoom, .screen, help: "zoom the focused pane or scene", footer: "zoom"),
        KeyBinding([.pageUp], .scrollLogBack, .log, help: "a page back / forward: Log, Tasks, scene", pairKeys: "PgUp PgDn"),
        KeyBinding([.pageDown], .scrollLogForward, .log, help: nil),
        KeyBinding([.home], .scrollLogToOldest, .log, help: "oldest log line / first task"),
        KeyBinding([.end], .followLog, .log, help: "follow the log / last task"),
        KeyBinding([.character("/")], .startLogFilter, .log, help: "filter the log; Tasks focused: search them", footer: "filter"),
        KeyBinding([.character("v")], .toggleLogWrap, .log, help: "wrap long log lines, or cut them"),
        KeyBinding([.character("+"), .character("=")], .morePermits, .workers, help: "one permit more / fewer",
                   footer: "permits", pairKeys: "+ -"),
        KeyBinding([.character("-")], .fewerPermits, .workers, help: nil),
        KeyBinding([.character("w")], .addWorker, .workers, help: "add / remove a worker", footer: "workers", pairKeys: "w W"),
        KeyBinding([.character("W")], .removeWorker, .workers, help: nil),
        KeyBinding([.character("]")], .fasterProducers, .queue, help: "producer rate up / down", footer: "rate",
                   pairKeys: "] ["),
        KeyBinding([.character("[")], .slowerProducers, .queue, help: nil),
        KeyBinding([.character("}")], .addConsumer, .queue, help: "add / remove a consumer", footer: "consumers",
                   pairKeys: "} {"),
        KeyBinding([.character("{")], .removeConsumer, .queue, help: nil),
        KeyBinding([.character("p")], .addProducer, .queue, help: "add / remove a producer", pairKeys: "p P"),
        KeyBinding([.character("P")], .removeProducer, .queue, help: nil),
        KeyBinding([.character(">")], .growQueue, .queue, help: "queue capacity up / down", footer: "capacity",
                   pairKeys: "> <"),
        KeyBinding([.character("<")], .shrinkQueue, .queue, help: nil),
        KeyBinding([.character("s")], .spawnTask, .tasks, help: "spawn a job that needs a permit",
                   footer: "spawn"),
        KeyBinding([.character("c"), .delete], .cancelSelectedTask, .tasks, help: "cancel selected task + children",
                   footer: "cancel"),
        KeyBinding([.character("C")], .cancelAllTasks, .tasks, help: "cancel every task (asks y/n first)"),
        KeyBinding([.character("R")], .restartScenario, .tasks, help: "restart: same settings and seed"),
        KeyBinding([.enter], .openTaskDetail, .tasks, help: "open the selected task's detail", footer: "detail"),
        KeyBinding([.up, .character("k")], .selectPreviousTask, .tasks, help: "previous / next task; Log: a line",
                   pairKeys: "↑ ↓ k j"),
        KeyBinding([.down, .character("j")], .selectNextTask, .tasks, help: nil),
        KeyBinding([.left, .character("h")], .sortByPreviousColumn, .tasks, help: "sort by column left / right",
                   footer: "sort", pairKeys: "← → h l"),
        KeyBinding([.right, .character("l")], .sortByNextColumn, .tasks, help: nil),
        KeyBinding([.character("i")], .invertSort, .tasks, help: "invert the sort (▾ largest first)"),
        KeyBinding([.character("f")], .cycleStateFilter, .tasks, help: "cycle the state filter", footer: "states"),
        KeyBinding([.character("t"), .function(5)], .toggleTaskTree, .tasks, help: "tasks as a list / as a tree",
                   footer: "tree"),
        KeyBinding([.character("b")], .toggleTaskBreakdown, .tasks, help: "columns of time busy / waiting / asleep",
                   footer: "times"),
        KeyBinding([.character("\\"), .function(3)], .searchTasks, .tasks, help: "search tasks by name",
                   footer: "search"),
        KeyBinding([.character("T")], .toggleTimeline, .timeline, help: "the Timeline in the Queue's place, or back",
                   footer: "timeline"),
        KeyBinding([.character("(")], .finerTimeline, .timeline, help: "time per cell finer / coarser (10ms-10s)",
                   footer: "scale", pairKeys: "( )"),
        KeyBinding([.character(")")], .coarserTimeline, .timeline, help: nil),
        KeyBinding([.character("m")], .openLessonMenu, .lessons, help: "lesson menu: pick an example to run",
                   footer: "lessons"),
        KeyBinding([.character("1")], .startLesson(1), .lessons, help: "run lesson N's first example",
                   pairKeys: "1 2 3 4"),
        KeyBinding([.character("2")], .startLesson(2), .lessons, help: nil),
        KeyBinding([.character("3")], .startLesson(3), .lessons, help: nil),
        KeyBinding([.character("4")], .startLesson(4), .lessons, help: nil),
        KeyBinding([.character("g")], .toggleSceneGenerator, .lessons, help: "the generator: pause·resume / stop",
                   footer: "generator", pairKeys: "g G"),
        KeyBinding([.character("G")], .stopSceneGenerator, .lessons, help: nil),
    ]

    /// Keys that mean something else while the lesson menu is open; the rest of the main map
    /// that still acts there is in `passesThroughLessonMenu`.
    public static let lessonMenuBindings: [KeyBinding] = [
        KeyBinding([.up, .character("k")], .highlightPreviousExample, .lessonMenu, help: "highlight previous / next",
                   footer: "move", pairKeys: "↑ ↓ k j"),
        KeyBinding([.down, .character("j")], .highlightNextExample, .lessonMenu, help: nil),
        KeyBinding([.enter], .startHighlightedExample, .lessonMenu, help: "run the highlighted example", footer: "run"),
        KeyBinding([.escape], .closeOverlay, .lessonMenu, help: "close the menu (a scene runs on)", footer: "close"),
    ]

    /// Keys that mean something else in a replay (`asyncdemo-tui replay`), where no scene runs.
    public static let replayBindings: [KeyBinding] = [
        KeyBinding([.character("g")], .seekReplayStart, .replay, help: "to the recording's start / end", footer: "start end",
                   pairKeys: "g G"),
        KeyBinding([.character("G")], .seekReplayEnd, .replay, help: nil),
        KeyBinding([.character("@")], .startReplaySeek, .replay, help: "go to a time: 90, 1:30 or 1:02:03",
                   footer: "go to"),
    ]

    /// Keys that mean something only while attached to a program (`asyncdemo-tui attach`).
    public static let attachBindings: [KeyBinding] = [
        KeyBinding([.character("r")], .reattach, .screen, help: "attach to the program started again under its name",
                   footer: "reattach"),
    ]

    /// Keys that move the help while it is open (every other key but quitting closes it or does nothing).
    public static let helpBindings: [KeyBinding] = [
        KeyBinding([.up, .character("k")], .scrollHelp(.lineUp), .help, help: "scroll a line up / down", pairKeys: "↑ ↓ k j"),
        KeyBinding([.down, .character("j")], .scrollHelp(.lineDown), .help, help: nil),
        KeyBinding([.pageUp], .scrollHelp(.pageUp), .help, help: "scroll a page up / down", pairKeys: "PgUp PgDn"),
        KeyBinding([.pageDown], .scrollHelp(.pageDown), .help, help: nil),
        KeyBinding([.home], .scrollHelp(.top), .help, help: "top / bottom of the help", pairKeys: "Home End"),
        KeyBinding([.end], .scrollHelp(.bottom), .help, help: nil),
    ]

    /// Every binding, in the order the help lists them.
    public static var allBindings: [KeyBinding] { bindings + lessonMenuBindings + replayBindings + helpBindings }

    /// Main-map actions the lesson menu lets through: quitting, the clock, the menu key itself
    /// (which closes it) and the digits.
    static func passesThroughLessonMenu(_ action: Action) -> Bool {
        switch action {
        case .quit, .togglePause, .stepClock, .stepBack, .jumpBack, .slowerClock, .fasterClock, .openLessonMenu,
             .startLesson: true
        default: false
        }
    }

    /// Main-map actions that act on an open task detail: the clock keys and cancel, which act on
    /// its task; moving around does not.
    static func passesThroughTaskDetail(_ action: Action) -> Bool {
        switch action {
        case .quit, .toggleHelp, .togglePause, .stepClock, .stepBack, .jumpBack, .slowerClock, .fasterClock,
             .cancelSelectedTask: true
        default: false
        }
    }

    /// The action a key triggers in the model's current state, if any.
    public static func action(for key: KeyEvent, in model: DashboardModel) -> Action? {
        switch model.overlay {
        case .help:
            // While the help is open only scrolling it, closing it and quitting act, so a stray
            // key does nothing behind the overlay.
            if let binding = helpBindings.first(where: { $0.keys.contains(key) }) { return binding.action }
            switch key {
            case .escape, .character("?"), .function(1): return .closeOverlay
            case .character("q"): return .quit
            default: return nil
            }
        case .taskDetail:
            // The detail stays live: the clock keys and cancel act on it.
            switch key {
            case .escape, .enter: return .closeOverlay
            default: return binding(for: key).map(\.action).flatMap { passesThroughTaskDetail($0) ? $0 : nil }
            }
        case .lessonMenu:
            if let binding = lessonMenuBindings.first(where: { $0.keys.contains(key) }) { return binding.action }
            return binding(for: key).map(\.action).flatMap { passesThroughLessonMenu($0) ? $0 : nil }
        case nil:
            if model.isReplay, let binding = replayBindings.first(where: { $0.keys.contains(key) }) { return binding.action }
            if model.attachment != nil, let binding = attachBindings.first(where: { $0.keys.contains(key) }) { return binding.action }
            return binding(for: key).map { routed($0.action, focus: model.focusedPane) }
        }
    }

    static func binding(for key: KeyEvent) -> KeyBinding? {
        bindings.first { $0.keys.contains(key) }
    }
}
