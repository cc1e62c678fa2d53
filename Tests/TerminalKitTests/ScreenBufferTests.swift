import Testing
@testable import TerminalKit

@Suite("Screen buffer: width and clipping")
struct ScreenBufferTests {
    @Test func ascii_cjk_emoji_and_combining_marks_have_terminal_widths() {
        #expect(CharacterWidth.of("a" as Character) == 1)
        #expect(CharacterWidth.of("漢" as Character) == 2)
        #expect(CharacterWidth.of("한" as Character) == 2)
        #expect(CharacterWidth.of("🚀" as Character) == 2)
        #expect(CharacterWidth.of("e\u{301}" as Character) == 1)
        #expect(CharacterWidth.of("❤\u{FE0F}" as Character) == 1, "as wcwidth sums it: 1 + 0")
        #expect(CharacterWidth.of("🇺🇸" as Character) == 2)
        #expect(CharacterWidth.of("👨\u{200D}👩\u{200D}👧" as Character) == nil, "6 cells to ncurses: replaced")
        #expect(CharacterWidth.of("\u{1B}" as Character) == nil)
        #expect(CharacterWidth.of("ab漢字") == 6)
    }

    /// A grapheme of 30,001 scalars was measured scalar by scalar, and kept whole in a cell, on
    /// every frame: past the limit it is one replacement cell, found without reading the rest.
    @Test func a_grapheme_of_more_scalars_than_the_limit_is_one_replacement_cell() {
        let limit = CharacterWidth.graphemeScalarLimit
        let huge = Character("x" + String(repeating: "\u{301}", count: 30_000))
        let atLimit = Character("x" + String(repeating: "\u{301}", count: limit - 1))
        #expect(CharacterWidth.of(huge) == nil)
        #expect(CharacterWidth.of(atLimit) == 1)
        var buffer = ScreenBuffer(size: Size(width: 4, height: 1))
        buffer.write("a" + String(huge) + "b", x: 0, y: 0)
        #expect(buffer[0, 0].character == "a")
        #expect(buffer[1, 0].character == ScreenBuffer.replacement)
        #expect(buffer[2, 0].character == "b")
    }

    @Test func printable_ascii_is_one_cell_a_byte_and_anything_else_is_measured_by_grapheme() {
        #expect(CharacterWidth.of("w10000 permit granted ~") == 23)
        #expect(CharacterWidth.of("held: 3/3"[...]) == 9)
        #expect(CharacterWidth.of("a\r\nb") == 3, "CR LF is one grapheme: one placeholder cell")
        #expect(CharacterWidth.of("a\u{7F}") == 2, "DEL is a control character: its placeholder")
        #expect(CharacterWidth.of("caf\u{E9} 漢") == 7)
    }

    @Test func text_is_clipped_to_its_area_and_never_wraps() {
        var buffer = ScreenBuffer(size: Size(width: 10, height: 2))
        let clip = Rect(x: 2, y: 0, width: 5, height: 1)
        buffer.write("abcdefghij", x: 2, y: 0, clip: clip)
        #expect(buffer.textLines() == ["  abcde   ", "          "])
    }

    @Test func write_returns_the_column_after_the_whole_text_on_every_row_clipped_or_not() {
        var buffer = ScreenBuffer(size: Size(width: 10, height: 3))
        let clip = Rect(x: 0, y: 1, width: 3, height: 1)
        #expect(buffer.write("abcdef", x: 0, y: 0, clip: clip) == 6, "a row outside the clip")
        #expect(buffer.write("abcdef", x: 0, y: 1, clip: clip) == 6, "cut at the clip's right edge")
        #expect(buffer.write("a漢字e\u{301}f", x: 1, y: 1, clip: clip) == 1 + 7, "wide and combining past the edge")
        #expect(buffer.write("a漢字e\u{301}f", x: 1, y: 2, clip: clip) == 1 + 7)
        #expect(buffer.write("abcdef", x: -4, y: 1, clip: clip) == 2, "starting left of the clip")
        #expect(buffer.write("", x: 5, y: 1, clip: clip) == 5)
        #expect(buffer.textLines() == ["          ", "ef        ", "          "])
    }

    /// A caller with text of an unknown kind reaches the generic `write`; String and Substring
    /// have their own, compiled for each. All three must draw and return alike.
    @Test func a_string_a_substring_and_any_other_text_are_written_alike() {
        let line = "ok 漢字 e\u{301} \u{7}🚀 clipped here"
        let clip = Rect(x: 1, y: 0, width: 12, height: 3)
        func written(_ write: (inout ScreenBuffer, Int) -> Int) -> ([String], [Int]) {
            var buffer = ScreenBuffer(size: Size(width: 16, height: 3))
            let columns = (0..<3).map { write(&buffer, $0) }
            return (buffer.textLines(), columns)
        }
        func generic(_ text: some StringProtocol, _ buffer: inout ScreenBuffer, _ y: Int) -> Int {
            buffer.write(text, x: 2, y: y, style: .plain, clip: clip)
        }
        let viaString = written { $0.write(line, x: 2, y: $1, clip: clip) }
        let viaSubstring = written { $0.write(line.dropFirst(0), x: 2, y: $1, clip: clip) }
        let viaGeneric = written { generic(line, &$0, $1) }
        #expect(viaString.0 == viaSubstring.0 && viaString.0 == viaGeneric.0)
        #expect(viaString.1 == viaSubstring.1 && viaString.1 == viaGeneric.1)
        #expect(viaString.1 == [2 + CharacterWidth.of(line), 2 + CharacterWidth.of(line), 2 + CharacterWidth.of(line)])
        #expect(viaString.0[0] == "  ok 漢字 e\u{301} \u{FFFD}   ", "cut at the clip before the rocket")
    }

    @Test func a_wide_glyph_that_does_not_fit_at_the_right_edge_leaves_a_blank() {
        var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
        buffer.write("|", x: 0, y: 0)
        buffer.write("|", x: 5, y: 0)
        buffer.write("漢字", x: 1, y: 0, clip: Rect(x: 1, y: 0, width: 3, height: 1))
        #expect(buffer.textLines() == ["|漢  |"])
        #expect(buffer[2, 0].isContinuation)
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func a_wide_glyph_cut_by_the_left_edge_of_the_clip_leaves_a_blank() {
        var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
        buffer.write("漢字", x: 1, y: 0, clip: Rect(x: 2, y: 0, width: 4, height: 1))
        #expect(buffer.textLines() == ["   字 "])
    }

    @Test func overwriting_half_of_a_wide_glyph_clears_its_other_half() {
        var buffer = ScreenBuffer(size: Size(width: 4, height: 1))
        buffer.write("漢字", x: 0, y: 0)
        buffer.write("x", x: 1, y: 0)
        #expect(buffer.textLines() == [" x字"])
        buffer.write("y", x: 2, y: 0)
        #expect(buffer.textLines() == [" xy "])
        #expect(buffer.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func a_wide_glyph_in_the_last_column_of_the_screen_becomes_a_blank() {
        var buffer = ScreenBuffer(size: Size(width: 3, height: 1))
        buffer.write("ab漢", x: 0, y: 0)
        #expect(buffer.textLines() == ["ab "])
    }

    @Test func control_characters_are_drawn_as_a_replacement_glyph() {
        var buffer = ScreenBuffer(size: Size(width: 5, height: 1))
        buffer.write("a\u{1B}[2J", x: 0, y: 0)
        #expect(buffer.textLines() == ["a\u{FFFD}[2J"])
    }

    @Test func writes_outside_the_buffer_are_ignored() {
        var buffer = ScreenBuffer(size: Size(width: 3, height: 2))
        buffer.write("abc", x: -2, y: 0)
        buffer.write("abc", x: 0, y: 5)
        buffer.write("abc", x: 0, y: -1)
        #expect(buffer.textLines() == ["c  ", "   "])
    }

    @Test func a_gauge_fills_to_the_eighth_of_a_cell_over_a_dotted_track() {
        #expect(Gauge.bar(0, width: 4) == ("", "····"))
        #expect(Gauge.bar(0.5, width: 4) == ("██", "··"))
        #expect(Gauge.bar(0.3, width: 4) == ("█▎", "··"), "1.2 cells round to 10 eighths: a full cell and a quarter")
        #expect(Gauge.bar(1, width: 4) == ("████", ""))
        var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
        let after = Gauge.render(0.5, width: 4, x: 1, y: 0, fill: .plain, track: .plain, clip: buffer.bounds, buffer: &buffer)
        #expect(after == 5)
        #expect(buffer.textLines() == [" ██·· "])
    }

    @Test func box_frames_its_area_and_truncates_a_long_title() {
        var buffer = ScreenBuffer(size: Size(width: 12, height: 3))
        let inner = Box(title: "A very long title", frameStyle: .plain, titleStyle: .plain).render(in: buffer.bounds, buffer: &buffer)
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 1))
        #expect(buffer.textLines() == ["┌ A very … ┐", "│          │", "└──────────┘"])
    }
}

