import TerminalKit

/// Where everything goes on a screen of the model's size: the one layout the view draws and the
/// mouse is hit-tested against, so a click lands on what is drawn there.
struct DashboardLayout: Equatable {
    struct Pane: Equatable {
        let id: PaneID
        let area: Rect
    }

    let header: Rect
    /// Between the header and the footer: what the panes share and overlays cover.
    let body: Rect
    let footer: Rect
    /// The panes on screen, scene first; empty when the screen is too small for any.
    let panes: [Pane]
    /// Where a scene shows the file its example follows, while it does (a view of the scene's,
    /// not a pane of its own).
    let sceneLog: Rect?

    var isTooSmall: Bool { panes.isEmpty }

    static func of(_ model: DashboardModel) -> DashboardLayout {
        let layout = model.unzoomedLayout
        guard let zoomed = model.zoomedPane, !layout.isTooSmall else { return layout }
        return DashboardLayout(header: layout.header, body: layout.body, footer: layout.footer,
                               panes: [Pane(id: zoomed, area: layout.body)], sceneLog: nil)
    }

    /// The layout without zoom: what Tab goes round, and what a zoom returns to. The Timeline
    /// takes the Queue pane's place; under a scene, which covers that place, the Workers'.
    static func unzoomed(size: Size, hasScene: Bool, followsSceneLog: Bool, showsTimeline: Bool = false) -> DashboardLayout {
        let rows = Rect(size: size).split(.vertical, [.length(1), .fill(1), .length(1)])
        guard size.width >= AppInfo.minimumSize.width, size.height >= AppInfo.minimumSize.height else {
            return DashboardLayout(header: rows[0], body: rows[1], footer: rows[2], panes: [], sceneLog: nil)
        }
        let areas = DashboardView.paneAreas(in: rows[1])
        let grid = zip([PaneID.log, .workers, showsTimeline ? .timeline : .queue, .tasks], areas).map { Pane(id: $0, area: $1) }
        guard hasScene else { return DashboardLayout(header: rows[0], body: rows[1], footer: rows[2], panes: grid, sceneLog: nil) }
        let scene = DashboardView.sceneArea(areas)
        let sceneLog = followsSceneLog ? DashboardView.followedLogArea(areas) : nil
        let covered = [scene, sceneLog].compactMap { $0 }
        var uncovered = grid.filter { pane in covered.allSatisfy { $0.intersection(pane.area).isEmpty } }
        if showsTimeline, let workers = uncovered.firstIndex(where: { $0.id == .workers }) {
            uncovered[workers] = Pane(id: .timeline, area: uncovered[workers].area)
        }
        return DashboardLayout(header: rows[0], body: rows[1], footer: rows[2],
                               panes: [Pane(id: .scene, area: scene)] + uncovered, sceneLog: sceneLog)
    }

    func area(of id: PaneID) -> Rect? {
        panes.first { $0.id == id }?.area
    }

    /// The pane under a cell; the scene's followed file counts as the scene.
    func pane(atX x: Int, y: Int) -> PaneID? {
        if let pane = panes.first(where: { $0.area.contains(x: x, y: y) }) { return pane.id }
        if let sceneLog, sceneLog.contains(x: x, y: y) { return .scene }
        return nil
    }

    /// A pane's text area: inside its frame, off the border (as each pane is drawn).
    static func content(of area: Rect) -> Rect { area.inset(by: 1).paddedHorizontally }
}

extension Rect {
    func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }
}
