/// Everything a key can ask for. Keys map to actions in one place (`KeyMap`), which also feeds
/// the footer legend and the help overlay, so what is shown is always what works.
public enum Action: Hashable, Sendable {
    case quit, toggleHelp, closeOverlay
    case togglePause, stepClock, slowerClock, fasterClock
    case scrollLogBack, scrollLogForward, scrollLogToOldest, followLog, startLogFilter
    /// `v`: the Log pane's long lines wrapped onto the rows below, or cut at its edge.
    case toggleLogWrap
    case morePermits, fewerPermits, addWorker, removeWorker
    case fasterProducers, slowerProducers, addProducer, removeProducer
    case addConsumer, removeConsumer, growQueue, shrinkQueue
    case spawnTask, cancelSelectedTask, cancelAllTasks, openTaskDetail
    case selectPreviousTask, selectNextTask, sortByPreviousColumn, sortByNextColumn
    case invertSort, cycleStateFilter
    /// `m`: the lesson menu; `1`-`4`: lesson N's first example at once (numbered from 1).
    case openLessonMenu, startLesson(Int)
    /// `g` / `G`: the keys a scene passes on to its example (the controllable generator's).
    case toggleSceneGenerator, stopSceneGenerator
    case highlightPreviousExample, highlightNextExample, startHighlightedExample
}
