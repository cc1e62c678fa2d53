/// SVG of a screen: one positioned `<text>` per style run, forced to its exact cell width with
/// `textLength`, so columns line up in any browser or in rsvg-convert whatever monospace font
/// it picks.
enum SVGExport {
    static let cellWidth = 8.4
    static let cellHeight = 17.0
    static let fontSize = 14.0
    static let padding = 10.0

    static let background = "#1c1c24"
    static let foreground = "#d6d6d6"
    static let palette: [TerminalColor: String] = [
        .black: "#1c1c24", .red: "#e06c75", .green: "#98c379", .yellow: "#e5c07b",
        .blue: "#61afef", .magenta: "#c678dd", .cyan: "#56b6c2", .white: "#e6e6e6", .gray: "#7f848e",
    ]

    static func render(_ screen: ScreenBuffer) -> String {
        let width = Double(screen.size.width) * cellWidth + 2 * padding
        let height = Double(screen.size.height) * cellHeight + 2 * padding
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(format(width))" height="\(format(height))" \
        viewBox="0 0 \(format(width)) \(format(height))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" \
        font-size="\(format(fontSize))">
        <rect width="100%" height="100%" fill="\(background)" rx="6"/>

        """
        for y in 0..<screen.size.height {
            for run in styleRuns(of: screen, row: y) {
                out += draw(run, row: y)
            }
        }
        out += BoxLines.draw(screen, palette: { color(of: $0) })
        return out + "</svg>\n"
    }

    struct StyleRun {
        var x: Int
        var cells: Int
        var text: String
        var style: Style
    }

    static func styleRuns(of screen: ScreenBuffer, row y: Int) -> [StyleRun] {
        var runs: [StyleRun] = []
        for x in 0..<screen.size.width {
            let cell = screen[x, y]
            if cell.isContinuation {
                runs[runs.count - 1].cells += 1
                continue
            }
            if let last = runs.last, last.style == cell.style {
                runs[runs.count - 1].cells += 1
                runs[runs.count - 1].text.append(cell.character)
            } else {
                runs.append(StyleRun(x: x, cells: 1, text: String(cell.character), style: cell.style))
            }
        }
        return runs
    }

    /// The colour a cell's glyph is drawn in, after reverse video.
    static func color(of style: Style) -> String {
        style.attributes.contains(.reverse) ? (palette[style.background] ?? background) : (palette[style.foreground] ?? foreground)
    }

    static func draw(_ run: StyleRun, row y: Int) -> String {
        var fg = palette[run.style.foreground] ?? foreground
        var bg = palette[run.style.background]
        if run.style.attributes.contains(.reverse) {
            let oldFG = fg
            fg = bg ?? background
            bg = oldFG
        }
        let left = padding + Double(run.x) * cellWidth
        let top = padding + Double(y) * cellHeight
        var out = ""
        if let bg {
            out += "<rect x=\"\(format(left))\" y=\"\(format(top))\" width=\"\(format(Double(run.cells) * cellWidth))\" "
                + "height=\"\(format(cellHeight))\" fill=\"\(bg)\"/>\n"
        }
        // Box-drawing glyphs are drawn as lines (BoxLines), which join up where a font's do not.
        let text = String(run.text.map { BoxLines.arms[$0] == nil ? $0 : " " })
        guard text.contains(where: { $0 != " " }) else { return out }
        var attributes = "fill=\"\(fg)\""
        if run.style.attributes.contains(.bold) { attributes += " font-weight=\"bold\"" }
        if run.style.attributes.contains(.dim) { attributes += " fill-opacity=\"0.6\"" }
        if run.style.attributes.contains(.italic) { attributes += " font-style=\"italic\"" }
        if run.style.attributes.contains(.underline) { attributes += " text-decoration=\"underline\"" }
        out += "<text x=\"\(format(left))\" y=\"\(format(top + cellHeight * 0.78))\" textLength=\"\(format(Double(run.cells) * cellWidth))\" "
            + "lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\" \(attributes)>\(escape(text))</text>\n"
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// Frames as SVG lines from each cell's centre to the edges its glyph reaches, so borders are
/// continuous whatever the font's line height.
enum BoxLines {
    struct Arms: OptionSet {
        let rawValue: UInt8
        static let left = Arms(rawValue: 1), right = Arms(rawValue: 2), up = Arms(rawValue: 4), down = Arms(rawValue: 8)
    }

    static let arms: [Character: Arms] = [
        "─": [.left, .right], "│": [.up, .down], "┌": [.right, .down], "┐": [.left, .down],
        "└": [.up, .right], "┘": [.up, .left], "├": [.up, .down, .right], "┤": [.up, .down, .left],
        "┬": [.left, .right, .down], "┴": [.left, .right, .up], "┼": [.left, .right, .up, .down],
    ]

    static func draw(_ screen: ScreenBuffer, palette color: (Style) -> String) -> String {
        var out = ""
        for y in 0..<screen.size.height {
            for x in 0..<screen.size.width {
                let cell = screen[x, y]
                guard let arms = arms[cell.character] else { continue }
                let left = SVGExport.padding + Double(x) * SVGExport.cellWidth
                let top = SVGExport.padding + Double(y) * SVGExport.cellHeight
                let centreX = left + SVGExport.cellWidth / 2, centreY = top + SVGExport.cellHeight / 2
                var path = ""
                if arms.contains(.left) { path += "M\(SVGExport.format(left)) \(SVGExport.format(centreY))H\(SVGExport.format(centreX))" }
                if arms.contains(.right) { path += "M\(SVGExport.format(centreX)) \(SVGExport.format(centreY))H\(SVGExport.format(left + SVGExport.cellWidth))" }
                if arms.contains(.up) { path += "M\(SVGExport.format(centreX)) \(SVGExport.format(top))V\(SVGExport.format(centreY))" }
                if arms.contains(.down) { path += "M\(SVGExport.format(centreX)) \(SVGExport.format(centreY))V\(SVGExport.format(top + SVGExport.cellHeight))" }
                out += "<path d=\"\(path)\" stroke=\"\(color(cell.style))\" stroke-width=\"1.2\" fill=\"none\"/>\n"
            }
        }
        return out
    }
}
