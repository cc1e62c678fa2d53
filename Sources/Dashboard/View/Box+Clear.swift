import TerminalKit

extension Box {
    /// Draws the frame with a blank ring around it (within `area`), so its edges never sit right
    /// beside a pane's edges and read as one doubled edge ("┐┐").
    @discardableResult
    func renderClear(in frame: Rect, within area: Rect, buffer: inout ScreenBuffer) -> Rect {
        buffer.fill(frame.inset(by: -1).intersection(area))
        return render(in: frame, buffer: &buffer)
    }
}
