import Testing

/// Waits until `condition` holds, checking often, and fails the test if `timeout` passes first.
/// Outcomes never depend on a fixed sleep: the deadline only bounds how long a broken build hangs.
/// Shared by the test targets whose subjects run on real threads (the core, the scenario).
/// Thirty seconds: with the soak and the end-to-end tests holding a test thread each in tmux,
/// a loaded two-core machine left a condition met at once unchecked for over ten.
public func eventually(
    timeout: Duration = .seconds(30),
    _ what: String = "condition",
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async -> Bool
) async {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try? await Task.sleep(for: .milliseconds(1))
    }
    // Once more: a poller that got no thread until past the deadline has not looked since.
    if await condition() { return }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
}
