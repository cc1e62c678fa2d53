/// A mouse report as the app sees it, in screen cells from the top-left (0, 0), independent of
/// how a backend decoded it. Only what the dashboard acts on: a left-button press and the wheel.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The left button went down (a double-click is two of these).
        case press
        case wheelUp, wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
