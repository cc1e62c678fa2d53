import TestSupport
import Testing
@testable import TerminalKit

@Suite("Diff and export")
struct DiffAndExportTests {
    private func screen(_ rows: [String], width: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: Size(width: width, height: rows.count))
        for (y, row) in rows.enumerated() { buffer.write(row, x: 0, y: y) }
        return buffer
    }

    private func apply(_ runs: [CellRun], to old: ScreenBuffer) -> ScreenBuffer {
        var result = old
        for run in runs {
            for (offset, cell) in run.cells.enumerated() { result.set(cell, x: run.x + offset, y: run.y) }
        }
        return result
    }

    @Test func identical_screens_need_no_output() {
        let a = screen(["hello", "world"], width: 8)
        #expect(BufferDiff.runs(from: a, to: a).isEmpty)
    }

    @Test func only_changed_cells_are_written() {
        let old = screen(["hello world", "second row"], width: 12)
        let new = screen(["hello World", "second row"], width: 12)
        let runs = BufferDiff.runs(from: old, to: new)
        #expect(runs.count == 1)
        #expect(runs[0].x == 6 && runs[0].y == 0 && runs[0].cells.map(\.character) == ["W"])
    }

    @Test func nearby_changes_are_bridged_into_one_run_and_distant_ones_are_not() {
        let old = screen(["aaaaaaaaaaaaaaaaaaaa"], width: 20)
        let near = screen(["Xaaa" + "Xaaaaaaaaaaaaaaa"], width: 20)
        #expect(BufferDiff.runs(from: old, to: near).count == 1)
        let far = screen(["Xaaaa" + "Xaaaaaaaaaaaaaa"], width: 20)
        #expect(BufferDiff.runs(from: old, to: far).count == 2)
    }

    @Test func a_style_change_alone_is_a_change() {
        let old = screen(["abc"], width: 3)
        var new = old
        new.write("b", x: 1, y: 0, style: Style(foreground: .red))
        #expect(BufferDiff.runs(from: old, to: new).count == 1)
    }

    @Test func a_changed_wide_glyph_is_written_whole() {
        let old = screen(["ab漢cd"], width: 6)
        let new = screen(["ab字cd"], width: 6)
        let runs = BufferDiff.runs(from: old, to: new)
        #expect(runs.count == 1)
        #expect(runs[0].x == 2)
        #expect(runs[0].cells.count == 2)
        #expect(apply(runs, to: old) == new)
    }

    @Test func no_previous_screen_or_a_new_size_redraws_every_row() {
        let new = screen(["ab", "cd", "ef"], width: 2)
        #expect(BufferDiff.runs(from: nil, to: new).count == 3)
        #expect(BufferDiff.runs(from: screen(["ab"], width: 2), to: new).count == 3)
    }

    @Test func applying_the_diff_always_reproduces_the_new_screen() {
        var generator = SeededRandom(seed: 7)
        let alphabet: [Character] = ["a", "b", " ", "漢", "🚀", "é"]
        for _ in 0..<300 {
            let rows = (0..<3).map { _ in String((0..<8).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }) }
            let rows2 = (0..<3).map { _ in String((0..<8).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }) }
            let old = screen(rows, width: 10), new = screen(rows2, width: 10)
            #expect(apply(BufferDiff.runs(from: old, to: new), to: old) == new)
        }
    }

    @Test func text_export_trims_trailing_blanks_and_skips_continuations() {
        let text = ScreenExport.render(screen(["漢字 ok", ""], width: 10), as: .text)
        #expect(text == "漢字 ok\n\n")
    }

    @Test func ansi_export_changes_style_with_sgr_and_resets_every_row() {
        var buffer = ScreenBuffer(size: Size(width: 3, height: 1))
        buffer.write("a", x: 0, y: 0)
        buffer.write("b", x: 1, y: 0, style: Style(foreground: .red, attributes: .bold))
        let ansi = ScreenExport.render(buffer, as: .ansi)
        #expect(ansi == "\u{1B}[0ma\u{1B}[0;1;31mb\u{1B}[0m \u{1B}[0m\n")
    }

    @Test func svg_export_draws_box_characters_as_joined_lines_not_text() {
        var buffer = ScreenBuffer(size: Size(width: 4, height: 3))
        Box(title: "", frameStyle: Style(foreground: .blue), titleStyle: .plain).render(in: buffer.bounds, buffer: &buffer)
        let svg = ScreenExport.render(buffer, as: .svg)
        #expect(!svg.contains("┌") && !svg.contains("─") && !svg.contains("│"))
        #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<path ") }.count == 10, "one path per frame cell")
        #expect(svg.contains("<path d=\"M14.2 18.5H18.4M14.2 18.5V27\" stroke=\"#61afef\""), "the top-left corner reaches right and down")
    }

    @Test func svg_export_positions_each_style_run_and_escapes_markup() {
        var buffer = ScreenBuffer(size: Size(width: 10, height: 2))
        buffer.write("<a&b>", x: 0, y: 0)
        buffer.write("漢", x: 0, y: 1, style: Style(foreground: .green, background: .blue))
        let svg = ScreenExport.render(buffer, as: .svg)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains(">&lt;a&amp;b&gt;     </text>"))
        #expect(svg.contains("textLength=\"84\""))
        #expect(svg.contains("fill=\"#98c379\">漢</text>"))
        #expect(svg.contains("width=\"16.8\" height=\"17\" fill=\"#61afef\""))
        #expect(svg.hasSuffix("</svg>\n"))
    }
}
