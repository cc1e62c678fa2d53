/// The eight ANSI colours plus the terminal's own default and a bright grey; enough for every theme
/// and representable on any colour terminal.
public enum TerminalColor: UInt8, Hashable, Sendable, CaseIterable {
    case standard = 255
    case black = 0, red, green, yellow, blue, magenta, cyan, white
    case gray = 8
}

public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)
}

public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(
        foreground: TerminalColor = .standard,
        background: TerminalColor = .standard,
        attributes: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

}

public extension Style {
    /// This style with `extra` attributes as well, e.g. a title underlined.
    func adding(_ extra: TextAttributes) -> Style {
        var style = self
        style.attributes.formUnion(extra)
        return style
    }
}
