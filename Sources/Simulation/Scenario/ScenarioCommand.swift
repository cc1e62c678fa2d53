import AsyncDemoCore
import Lessons

/// What a key asks the running scenario to do. Relative where it can be, so two quick presses
/// count twice even before the first one shows.
public enum ScenarioCommand: Sendable, Equatable {
    case setPaused(Bool)
    /// Advances a paused clock by one tick.
    case step
    case setSpeed(Double)
    case adjustPermits(by: Int)
    case adjustWorkers(by: Int)
    case adjustProducers(by: Int)
    case adjustConsumers(by: Int)
    case stepRate(up: Bool)
    case stepCapacity(up: Bool)
    case spawnJob
    case cancel(TaskID)
    case cancelAll
    /// Starts a lesson scene's example, cancelling any scene before it.
    case startLesson(LessonPick)
    case endLesson
    /// A scene key for the running example.
    case controlLesson(LessonControl)
}
