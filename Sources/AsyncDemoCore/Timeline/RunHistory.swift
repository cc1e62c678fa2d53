/// The run's past as the event log tells it, folded as the events arrive: every task's lane and
/// the permit waits. What the timeline, the time breakdown and the wait figures read.
public struct RunHistory: Sendable {
    public private(set) var lanes: TaskLanes
    /// Every permit wait of the run, granted ones only (a cancelled wait never ended in a grant).
    public private(set) var permitWaits = WaitDistribution()

    public init(lanes: TaskLanes = TaskLanes()) {
        self.lanes = lanes
    }

    public mutating func apply(_ event: SimulationEvent) {
        lanes.apply(event)
        if case .permitGranted(_, let waited) = event.kind { permitWaits.record(.nanoseconds(waited)) }
    }

    /// Tasks that ended unseen (see `TaskBoardFold.forgetLive(except:)`).
    public mutating func forget(_ tasks: some Sequence<TaskID>) {
        lanes.forget(tasks)
    }
}
