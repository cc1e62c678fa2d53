import AsyncDemoCore
import Simulation
import TerminalKit

/// What `DashboardModel.update(_:)` asks the runner to do: values, carried out outside the model.
public enum Effect: Sendable, Equatable {
    /// Carry this command out in the simulation.
    case perform(ScenarioCommand)
    /// Draw every cell again (the terminal's contents are unknown: a resize, a return from Ctrl-Z).
    case redrawAll
    /// Give the terminal back to the shell until `fg`.
    case suspendToShell
    /// End the program with this status.
    case exit(Int32)
    /// Stop the scenario and start it afresh with the settings and seed it was started with, as a
    /// fresh start with the same arguments would (the model has already forgotten the old run).
    case restartScenario
    /// Attached: attach to the program of the same name that started again (`r`).
    case reattach
    /// Write this line to the dashboard's activity log (what a person did, not the simulation).
    case note(String)
    /// Read the panes at this past instant from the event log and hand them back as
    /// `DashboardEvent.pastFrame` (the simulation itself stays at the present).
    case showPast(SimulationInstant)
    /// In a replay: go to the recording's start, its end or a time of it.
    case seekReplay(ReplayTarget)
}
