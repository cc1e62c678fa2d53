/// A terminal size in cells.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var description: String { "\(width)x\(height)" }

    /// The largest side `Size(parsing:)` accepts: far beyond any terminal, small enough that a
    /// screen of cells always fits in memory.
    public static let largestParsedSide = 10_000

    /// Parses "100x30" (as given to `--size`); nil for anything else, or a side over 10,000.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
              (1...Self.largestParsedSide).contains(w), (1...Self.largestParsedSide).contains(h) else { return nil }
        self.init(width: w, height: h)
    }
}

/// A rectangle of cells; x grows right, y grows down. Empty rects are legal and draw nothing.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var description: String { "(\(x),\(y) \(width)x\(height))" }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rect shrunk by `by` cells on every side (a frame's interior).
    public func inset(by amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }

    /// The rect less one column at each side: a pane's text area inside its frame, off the border.
    public var paddedHorizontally: Rect {
        Rect(x: x + 1, y: y, width: max(0, width - 2), height: height)
    }

    /// A rect of the given size centred in this one, clipped to it.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    public func row(_ offset: Int) -> Rect {
        Rect(x: x, y: y + offset, width: width, height: offset >= 0 && offset < height ? 1 : 0)
    }
}
