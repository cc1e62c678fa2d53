/// A horizontal run of cells to write, starting at (x, y). It never begins on the second half of
/// a wide glyph, so the backend can write it as text.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
}

public enum BufferDiff {
    /// Short gaps between changes are written through rather than skipped: a cursor move costs
    /// more bytes than a few unchanged cells.
    static let gapToBridge = 3

    /// What must be written to turn a screen showing `old` into `new`. A size change, or no old
    /// screen, means every row.
    public static func runs(from old: ScreenBuffer?, to new: ScreenBuffer) -> [CellRun] {
        let width = new.size.width
        guard let old, old.size == new.size else {
            return (0..<new.size.height).compactMap { y in
                width > 0 ? CellRun(x: 0, y: y, cells: Array(new.cells[(y * width)..<((y + 1) * width)])) : nil
            }
        }
        var runs: [CellRun] = []
        for y in 0..<new.size.height {
            let rowStart = y * width
            var x = 0
            while x < width {
                guard old.cells[rowStart + x] != new.cells[rowStart + x] else { x += 1; continue }
                var start = x
                if new.cells[rowStart + start].isContinuation, start > 0 { start -= 1 }
                var lastChanged = x
                var probe = x + 1
                while probe < width, probe - lastChanged <= gapToBridge + 1 {
                    if old.cells[rowStart + probe] != new.cells[rowStart + probe] { lastChanged = probe }
                    probe += 1
                }
                var end = lastChanged + 1
                if end < width, new.cells[rowStart + end].isContinuation { end += 1 }
                runs.append(CellRun(x: start, y: y, cells: Array(new.cells[(rowStart + start)..<(rowStart + end)])))
                x = end
            }
        }
        return runs
    }
}
