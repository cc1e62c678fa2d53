import LogTail
import Testing

/// Names quoted as GNU tail 9.1 quotes them in its "cannot open" notice (each expectation was
/// copied from `tail -F NAME` on this machine, LANG=C.UTF-8), plus what GNU lets through and a
/// terminal would still obey.
@Suite("Quoting names for the terminal as GNU does")
struct ShellQuotingTests {
    @Test(arguments: [
        ("plain.log", "'plain.log'"),
        ("a b", "'a b'"),
        ("", "''"),
        ("x\u{1B}]2;PWNED\u{07}\u{1B}[2J.log", #"'x'$'\033'']2;PWNED'$'\a\033''[2J.log'"#),
        ("x\u{1B}", #"'x'$'\033'"#),
        ("a\nb", #"'a'$'\n''b'"#),
        ("it's.log", #""it's.log""#),
        ("it's a", #""it's a""#),
        ("it's $x", #"'it'\''s $x'"#),
        ("it's\"x\"", #"'it'\''s"x"'"#),
        ("it's!", #"'it'\''s!'"#),
        ("it's=", #"'it'\''s='"#),
        ("it'sé", #""it'sé""#),
        ("#it's", ##""#it's""##),
        ("it's\u{1B}", #"'''it'\''s'$'\033'"#),
        ("'\u{1B}", #"''\'''$'\033'"#),
        ("x\u{07}'", #"'x'$'\a'\'''"#),
    ])
    func quotes_like_gnu(name: String, quoted: String) {
        #expect(ShellQuoting.quoted(name) == quoted)
    }

    /// As GNU's `quotef` (its "NAME: file truncated" notice): bare unless something needs quoting.
    @Test(arguments: [
        ("app.log", "app.log"), ("/var/log/a-b_c,d:e@f%g+h]i{j}k~#.log", "/var/log/a-b_c,d:e@f%g+h]i{j}k~#.log"),
        ("-x", "-x"), ("a b", "'a b'"), ("~x", "'~x'"), ("#x", "'#x'"), ("{", "'{'"), ("", "''"),
        ("a*b", "'a*b'"), ("it's", #""it's""#), ("x\u{1B}[2J", #"'x'$'\033''[2J'"#),
    ])
    func quotes_only_when_needed_like_gnu(name: String, quoted: String) {
        #expect(ShellQuoting.quotedIfNeeded(name) == quoted)
    }

    @Test func invalid_utf8_and_c1_controls_are_octal_bytes_as_gnu_writes_them() {
        let name: [UInt8] = [0xFF, 0xFE] + Array(" café\t\u{7F}".utf8) + [0xC2, 0x9B] + Array(".log".utf8)
        #expect(ShellQuoting.quoted(bytes: name) == #"''$'\377\376'' café'$'\t\177\302\233''.log'"#)
    }

    /// GNU prints bidi controls as they are; a terminal would reorder the line around them.
    @Test func bidi_controls_are_escaped_too() {
        #expect(ShellQuoting.quoted("\u{202E}x") == #"''$'\342\200\256''x'"#)
    }

    @Test func nothing_a_terminal_acts_on_survives_any_byte() {
        for byte in UInt8.min...UInt8.max {
            let quoted = ShellQuoting.quoted(bytes: [UInt8(ascii: "a"), byte, UInt8(ascii: "b")])
            #expect(quoted.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "\(byte): \(quoted)")
        }
    }
}
