import TerminalKit

/// The bottom line while a question waits for y or n: it takes the footer's place, so the
/// answer keys are where the eye already looks for keys.
enum ConfirmationBar {
    static func render(_ prompt: String, theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area, with: Cell(" ", style: theme.headerAlert))
        buffer.write(" " + prompt + " ", x: area.x, y: area.y, style: theme.headerAlert, clip: area)
    }
}
