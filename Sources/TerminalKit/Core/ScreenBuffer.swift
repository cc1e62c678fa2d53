/// One terminal cell. A wide glyph occupies its cell (width 2) and the next one, which holds a
/// continuation marker (width 0) so that both halves are always written or cleared together.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var width: UInt8
    public var style: Style

    public init(_ character: Character, width: UInt8 = 1, style: Style = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell(" ")
    static func continuation(_ style: Style) -> Cell { Cell(" ", width: 0, style: style) }
    public var isContinuation: Bool { width == 0 }
}

/// The whole screen as cells. Widgets draw only here; a backend turns the difference between two
/// buffers into terminal output. Nothing drawn can leave its clip rect or the buffer.
public struct ScreenBuffer: Hashable, Sendable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]

    /// Drawn in place of a control character or anything else that has no safe width.
    public static let replacement: Character = "\u{FFFD}"

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: fill, count: size.width * size.height)
    }

    public var bounds: Rect { Rect(size: size) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            let row = y * size.width
            for x in area.x..<area.maxX {
                // A narrow cell over a narrow one is what `set` stores without repairs; taking
                // that path here halved the fills' part of a 200x60 frame (perf).
                if cell.width == 1, cells[row + x].width == 1 { cells[row + x] = cell } else { set(cell, x: x, y: y) }
            }
        }
    }

    /// Writes `text` from (x, y) on one line, clipped to `clip` (and the buffer); never wraps and
    /// never splits a wide glyph: one that does not fit whole leaves a blank cell instead.
    ///
    /// Returns `x` plus the text's whole width (`CharacterWidth.of(text)`), whatever was clipped
    /// and whichever row it is on: the column where text written next would follow it. So a
    /// caller lays a line out the same way on every row; past the clip, what follows is clipped
    /// too.
    @discardableResult
    public mutating func write(
        _ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil
    ) -> Int {
        writeText(text, x: x, y: y, style: style, clip: clip)
    }

    /// `write` for the two kinds of text the panes write, compiled for each: called from another
    /// module, the generic one walks the text through its protocol's witnesses, a character at a
    /// time (a Log pane's line is three substrings, one per style).
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        writeText(text, x: x, y: y, style: style, clip: clip)
    }

    @discardableResult
    public mutating func write(_ text: Substring, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        writeText(text, x: x, y: y, style: style, clip: clip)
    }

    @inline(__always)
    private mutating func writeText(_ text: some StringProtocol, x: Int, y: Int, style: Style, clip: Rect?) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        if let end = writePrintableASCII(text, x: x, y: y, style: style, area: area) { return end }
        guard y >= area.y, y < area.maxY else { return x + CharacterWidth.of(text) }
        var column = x
        for character in text {
            let measured = CharacterWidth.of(character)
            let glyph = measured == nil ? Self.replacement : character
            let width = measured ?? 1
            if width == 0 { continue }
            let fits = column >= area.x && column + width <= area.maxX
            if fits {
                set(Cell(glyph, width: UInt8(width), style: style), x: column, y: y)
                if width == 2 { set(.continuation(style), x: column + 1, y: y) }
            } else {
                for part in column..<(column + width) where part >= area.x && part < area.maxX {
                    set(Cell(" ", style: style), x: part, y: y)
                }
            }
            column += width
            // The rest is clipped: measured, as the rows outside the clip are, not walked.
            if column >= area.maxX { return x + CharacterWidth.of(text) }
        }
        return column
    }

    /// Printable ASCII (most of what the panes write) one byte a cell, without walking
    /// graphemes or measuring each one: the same cells and column as the walk below, or nil
    /// when the text holds anything else.
    @inline(__always)
    private mutating func writePrintableASCII(_ text: some StringProtocol, x: Int, y: Int, style: Style, area: Rect) -> Int? {
        let end: Int?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            guard y >= area.y, y < area.maxY else { return x + bytes.count }
            let first = max(x, area.x), last = min(x + bytes.count, area.maxX)
            if first < last {
                for column in first..<last {
                    set(Cell(Character(Unicode.Scalar(bytes[column - x])), style: style), x: column, y: y)
                }
            }
            return x + bytes.count
        }
        return end ?? nil
    }

    /// Places one cell, repairing any wide glyph it cuts in half.
    public mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        let index = y * size.width + x
        let old = cells[index]
        if old.isContinuation, x > 0, !cell.isContinuation {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        if old.width == 2, cell.width != 2, x + 1 < size.width {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
        if cell.width == 2, x + 1 >= size.width {
            cells[index] = Cell(" ", style: cell.style)
            return
        }
        cells[index] = cell
    }

    /// The screen as plain text, one string per row, continuation cells omitted.
    public func textLines(trimmingTrailingSpaces: Bool = false) -> [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width where !self[x, y].isContinuation { line.append(self[x, y].character) }
            if trimmingTrailingSpaces {
                while line.last == " " { line.removeLast() }
            }
            return line
        }
    }
}
