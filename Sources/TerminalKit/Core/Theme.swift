/// Styles by role, so panes say what a thing is and the theme says how it looks. The monochrome
/// theme uses only attributes, for terminals without colour, NO_COLOR and `--no-color`.
public struct Theme: Sendable {
    public var text: Style
    public var dim: Style
    public var frame: Style
    public var title: Style
    public var header: Style
    public var headerAlert: Style
    public var key: Style
    public var keyLabel: Style
    public var ok: Style
    public var busy: Style
    public var warning: Style
    public var error: Style
    public var highlight: Style
    /// The frame of the pane that has the focus (Tab); its title carries a mark as well.
    public var focus: Style
    /// Whether the theme colours at all: a pane with more kinds of things than roles (the
    /// Timeline's lanes) picks its own colours only then, and relies on glyphs otherwise.
    public var usesColor = true

    public static let color = Theme(
        text: .plain,
        dim: Style(foreground: .gray),
        frame: Style(foreground: .blue),
        title: Style(foreground: .cyan, attributes: .bold),
        header: Style(foreground: .black, background: .cyan),
        headerAlert: Style(foreground: .black, background: .yellow, attributes: .bold),
        key: Style(foreground: .black, background: .cyan, attributes: .bold),
        keyLabel: .plain,
        ok: Style(foreground: .green),
        busy: Style(foreground: .yellow),
        warning: Style(foreground: .yellow, attributes: .bold),
        error: Style(foreground: .red, attributes: .bold),
        highlight: Style(foreground: .black, background: .yellow),
        focus: Style(foreground: .yellow, attributes: .bold)
    )

    public static let monochrome = Theme(
        text: .plain,
        dim: Style(attributes: .dim),
        frame: .plain,
        title: Style(attributes: .bold),
        header: Style(attributes: .reverse),
        headerAlert: Style(attributes: [.reverse, .bold]),
        key: Style(attributes: [.reverse, .bold]),
        keyLabel: .plain,
        ok: .plain,
        busy: Style(attributes: .bold),
        warning: Style(attributes: [.bold, .underline]),
        error: Style(attributes: [.bold, .reverse]),
        highlight: Style(attributes: .reverse),
        focus: Style(attributes: .bold),
        usesColor: false
    )
}
