import Logging
import Simulation

enum SimulatedHour {
    /// The default scenario stepped through one hour of simulated time, as `snapshot` steps it;
    /// still running, for the caller to read and stop.
    static func ofTheDefaultScenario() async -> DemoScenario {
        let scenario = DemoScenario(settings: ScenarioSettings(), log: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() },
                                    startPaused: true)
        scenario.start()
        for _ in 0..<36_000 {
            scenario.executor.step(by: DemoScenario.tick)
            await scenario.executor.quiet()
        }
        return scenario
    }
}
