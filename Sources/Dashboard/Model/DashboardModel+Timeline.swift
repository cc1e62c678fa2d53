import TerminalKit

/// The Timeline's part of the reducer: `T` swaps it with the Queue pane in place, and panning.
extension DashboardModel {
    /// Shows or hides the Timeline. The pane that takes the place of the focused one (the
    /// Timeline the Queue's, or back) takes its focus and its zoom, as if it had been there.
    mutating func toggleTimeline() {
        let focused = focusedPane, zoomed = zoomedPane != nil
        let place = unzoomedLayout.area(of: focused)
        timeline.isShown.toggle()
        guard let place, let successor = unzoomedLayout.panes.first(where: { $0.area == place })?.id,
              successor != focused else { return }
        setFocus(successor)
        if zoomed { focus.zoomed = successor }
    }

    /// Live, the Timeline always shows now: panning waits for a pause.
    mutating func panTimeline(byCells cells: Int) {
        guard isPaused, let now = simulationNow else { return }
        let oldest = history?.lanes.lanes.values.lazy.map(\.keptSince).min() ?? now
        timeline.pan(byCells: cells, now: now, oldest: oldest)
    }
}
