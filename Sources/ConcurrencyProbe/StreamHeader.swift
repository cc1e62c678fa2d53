import AsyncDemoCore

/// The first line of a probe's stream: a recording header (`RecordingHeader`, which the
/// dashboard's reader decodes) with the program's name and pid. Written here rather than
/// imported, so a program that links the probe does not link the simulation too; a test reads
/// a captured stream back with `RecordingReader` to hold the two equal.
struct StreamHeader: Encodable {
    let format = "asyncdemo-tui recording"
    let formatVersion = SimulationEvent.formatVersion
    let programVersion: String
    /// Nothing to start from: every semaphore and queue is declared by its own first event.
    let start = Start()
    let program: String
    let pid: Int32

    struct Start: Encodable {
        let permits = 0
        let queueCapacity = 0
    }
}
