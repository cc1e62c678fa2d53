import TestSupport
import Testing
@testable import LogTail

@Suite("Display safety")
struct DisplaySafetyTests {
    private func safe(_ bytes: [UInt8], from column: Int = 0) -> String {
        DisplaySafety.sanitize(bytes, startColumn: column)
    }

    @Test func plain_ascii_and_valid_utf8_pass_through_unchanged() {
        #expect(safe(Array("hello, wörld 日本 🙂".utf8)) == "hello, wörld 日本 🙂")
    }

    @Test func unicode_standard_example_replaces_each_maximal_subpart_once() {
        // Unicode 15 §3.9, Table 3-8: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
        let bytes: [UInt8] = [0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64]
        #expect(safe(bytes) == "a\u{FFFD}\u{FFFD}\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}d")
    }

    @Test(arguments: [
        ([0xC0, 0xAF], 2),            // overlong '/': C0 never starts a sequence, AF is a lone continuation
        ([0xE0, 0x80, 0xAF], 3),      // overlong 3-byte form: E0 needs A0...BF second
        ([0xED, 0xA0, 0x80], 3),      // a UTF-16 surrogate encoded in UTF-8
        ([0xF4, 0x90, 0x80, 0x80], 4),  // above U+10FFFF
        ([0xF5], 1), ([0xFF], 1),
        ([0xE2, 0x82], 1),            // truncated 3-byte sequence: one subpart
        ([0xF0, 0x9F, 0x99], 1),      // truncated 4-byte sequence: one subpart
    ] as [([UInt8], Int)])
    func ill_formed_sequences_become_the_expected_number_of_replacements(bytes: [UInt8], replacements: Int) {
        #expect(safe(bytes) == String(repeating: "\u{FFFD}", count: replacements))
    }

    @Test func agrees_with_the_standard_library_on_random_bytes() {
        // Swift's String(decoding:) follows the same recommended practice: a second opinion.
        var generator = SeededRandom(seed: 42)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 12)
            // Skip controls and bidi so only the UTF-8 repair is compared.
            let bytes = (0..<length).map { _ in UInt8(0x80 + generator.next() % 0x80) }
            let ours = safe(bytes)
            let standard = String(decoding: bytes, as: UTF8.self)
            let comparable = standard.unicodeScalars.allSatisfy { !(0x80...0x9F).contains($0.value) }
            if comparable { #expect(ours == standard, "bytes \(bytes)") }
        }
    }

    @Test func c0_controls_and_del_use_caret_notation() {
        #expect(safe([0x00]) == "^@")
        #expect(safe([0x07]) == "^G")
        #expect(safe([0x08, 0x0D, 0x0A]) == "^H^M^J")
        #expect(safe([0x1B]) == "^[")
        #expect(safe([0x7F]) == "^?")
    }

    @Test func c1_controls_are_written_as_cat_minus_v_does() {
        #expect(safe(Array("\u{9B}".utf8)) == "M-^[")  // CSI
        #expect(safe(Array("\u{85}".utf8)) == "M-^E")  // NEL
        #expect(safe(Array("\u{80}".utf8)) == "M-^@")
    }

    @Test func title_setting_osc_sequence_yields_no_escape_or_bell() {
        let line = safe(Array("before\u{1B}]0;pwned\u{07}after".utf8))
        #expect(line == "before^[]0;pwned^Gafter")
        #expect(!line.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func clear_screen_sequence_yields_no_escape() {
        let line = safe(Array("\u{1B}[2J\u{1B}[H".utf8))
        #expect(line == "^[[2J^[[H")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func bidi_overrides_and_isolates_are_made_visible() {
        #expect(safe(Array("a\u{202E}b\u{2066}c\u{2069}".utf8)) == "a<U+202E>b<U+2066>c<U+2069>")
        for value in Array(0x202A...0x202E) + Array(0x2066...0x2069) {
            let text = String(Unicode.Scalar(UInt32(value))!)
            #expect(!safe(Array(text.utf8)).unicodeScalars.contains { $0.value == value })
        }
    }

    @Test func tab_stops_are_every_eight_columns_from_the_given_column() {
        #expect(DisplaySafety.tabStop(after: 0) == 8)
        #expect(DisplaySafety.tabStop(after: 7) == 8)
        #expect(DisplaySafety.tabStop(after: 8) == 16)
        #expect(safe(Array("\t".utf8)) == String(repeating: " ", count: 8))
        #expect(safe(Array("ab\tc".utf8)) == "ab      c")
        #expect(safe(Array("\t".utf8), from: 5) == "   ")
        #expect(safe(Array("x\ty".utf8), from: 7) == "x" + String(repeating: " ", count: 8) + "y")
    }

    @Test func tabs_after_caret_notation_count_the_visible_columns() {
        // "^[" takes two columns, so the tab fills the remaining six.
        #expect(safe([0x1B, 0x09, 0x41]) == "^[      A")
    }

    @Test func every_byte_value_alone_produces_only_printable_output() {
        for byte in UInt8.min...UInt8.max {
            let output = safe([byte])
            #expect(!output.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
    }

    /// 30 lines of 30,000 combining marks kept a core busy in the Log pane: every frame walked
    /// each 30,001-scalar grapheme. Shortened once here, a hostile line costs what a normal one does.
    @Test func grapheme_longer_than_the_limit_is_shortened_with_a_mark() {
        let marks = String(repeating: "\u{301}", count: 30_000)
        let output = safe(Array(("x" + marks + "y").utf8))
        let kept = DisplaySafety.graphemeScalarLimit
        #expect(output == "x" + String(repeating: "\u{301}", count: kept - 1) + "[\(30_001 - kept) marks cut]y")
        #expect(output.allSatisfy { $0.unicodeScalars.count <= kept })
    }

    @Test(arguments: ["e\u{301}", "👨\u{200D}👩\u{200D}👧\u{200D}👦", "🇺🇸🇫🇷", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
                      "Z\u{36B}\u{343}\u{36A}\u{302}\u{36B}\u{33D}\u{34F}\u{334}\u{319}\u{324}\u{31E}\u{349}\u{35A}\u{32F}\u{31E}",
                      "한국어 日本語 " + String(repeating: "ä", count: 100)])
    func graphemes_within_the_limit_pass_unchanged(text: String) {
        #expect(safe(Array(text.utf8)) == text)
    }
}
