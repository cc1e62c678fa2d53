import Testing
@testable import Dashboard
@testable import Simulation

@Suite("Number formats")
struct FormatTests {
    @Test func one_decimal_always_shows_one_digit_after_the_point() {
        #expect(Format.oneDecimal(3) == "3.0")
        #expect(Format.oneDecimal(2.54) == "2.5")
        #expect(Format.oneDecimal(2.96) == "3.0")
        #expect(Format.oneDecimal(0.04) == "0.0")
        #expect(Format.oneDecimal(-1.25) == "-1.3", "halves round away from zero")
        #expect(Format.oneDecimal(-0.04) == "0.0")
        #expect(Format.oneDecimal(1234.56) == "1234.6")
    }
}
