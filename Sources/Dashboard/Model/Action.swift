/// Everything a key can ask for. Keys map to actions in one place (`KeyMap`), which also feeds
/// the footer legend and the help overlay, so what is shown is always what works.
public enum Action: Hashable, Sendable {
    case quit, toggleHelp, closeOverlay
    case togglePause, stepClock, slowerClock, fasterClock
    /// `,` / `;` while paused: the panes a step / a jump back in the past (`.` steps forward again).
    case stepBack, jumpBack
    /// `g` / `G` in a replay: to the recording's start / end; `@`: a prompt for a time to go to.
    case seekReplayStart, seekReplayEnd, startReplaySeek
    case scrollLogBack, scrollLogForward, scrollLogToOldest, followLog, startLogFilter
    /// `v`: the Log pane's long lines wrapped onto the rows below, or cut at its edge.
    case toggleLogWrap
    case morePermits, fewerPermits, addWorker, removeWorker
    case fasterProducers, slowerProducers, addProducer, removeProducer
    case addConsumer, removeConsumer, growQueue, shrinkQueue
    case spawnTask, cancelSelectedTask, cancelAllTasks, openTaskDetail
    case selectPreviousTask, selectNextTask, sortByPreviousColumn, sortByNextColumn
    case invertSort, cycleStateFilter
    /// `t`: the Tasks pane as a list or as the tree of parents and children.
    case toggleTaskTree
    /// `b`: the Tasks pane's columns of each task's time by activity (busy, wait, sleep).
    case toggleTaskBreakdown
    /// Starts typing a search of the tasks by name (its own prompt, apart from the log filter).
    case searchTasks
    /// `m`: the lesson menu; `1`-`4`: lesson N's first example at once (numbered from 1).
    case openLessonMenu, startLesson(Int)
    /// `g` / `G`: the keys a scene passes on to its example (the controllable generator's).
    case toggleSceneGenerator, stopSceneGenerator
    case highlightPreviousExample, highlightNextExample, startHighlightedExample
    /// Keys that move the help while it is open.
    case scrollHelp(HelpScroll)
    /// `R`: the scenario again from its start, with the settings and seed it was started with.
    case restartScenario
    /// `r` once the attached program has exited and one of its name started again: attach to it.
    case reattach
    /// Tab / Shift-Tab / `z`: the focused pane, and zooming it to the whole screen.
    case focusNextPane, focusPreviousPane, toggleZoom
    /// What the navigation keys mean when another pane than their own has the focus
    /// (`KeyMap.routed(_:focus:)`): the Log a line at a time, the Tasks a page or to an end.
    case scrollLogLineBack, scrollLogLineForward
    case selectTaskPageBack, selectTaskPageForward, selectFirstTask, selectLastTask
    /// `T`: the Timeline in the Queue pane's place; `(` `)`: finer / coarser time per cell; with
    /// the Timeline focused and paused, `←` `→` pan it back and forth, `End` back to now.
    case toggleTimeline, finerTimeline, coarserTimeline
    case panTimelineBack, panTimelineForward, panTimelineToNow
}
