/// A horizontal bar filled to a fraction, to the eighth of a cell (▏▎▍▌▋▊▉█), over a dim track.
public enum Gauge {
    static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The bar's characters for `fraction` (clamped to 0...1) over `width` cells: filled cells,
    /// then the track as `·` dots the caller styles (dim, in the dashboard), so an empty bar
    /// still shows its length without colour.
    public static func bar(_ fraction: Double, width: Int) -> (filled: String, track: String) {
        guard width > 0 else { return ("", "") }
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let eighths = Int((clamped * Double(width * 8)).rounded())
        var filled = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { filled.append(partials[eighths % 8 - 1]) }
        return (filled, String(repeating: "·", count: width - CharacterWidth.of(filled)))
    }

    /// Draws the bar at (x, y); returns the column after it.
    @discardableResult
    public static func render(
        _ fraction: Double, width: Int, x: Int, y: Int, fill: Style, track: Style, clip: Rect, buffer: inout ScreenBuffer
    ) -> Int {
        let (filled, rest) = bar(fraction, width: width)
        let after = buffer.write(filled, x: x, y: y, style: fill, clip: clip)
        return buffer.write(rest, x: after, y: y, style: track, clip: clip)
    }
}

/// A one-row chart of recent values with the eight block heights ▁▂▃▄▅▆▇█.
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The newest `width` values, scaled so `maximum` is a full block (0 stays the lowest bar).
    public static func line(_ values: [Int], maximum: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        let top = max(1, maximum)
        return String(values.suffix(width).map { value in
            let level = Int((Double(min(max(0, value), top)) / Double(top) * 7).rounded())
            return levels[level]
        })
    }
}
