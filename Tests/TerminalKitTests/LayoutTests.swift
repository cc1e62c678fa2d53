import Testing
@testable import TerminalKit

@Suite("Layout")
struct LayoutTests {
    @Test func fixed_lengths_are_served_first_and_fill_takes_the_rest() {
        let parts = Rect(x: 0, y: 0, width: 100, height: 30).split(.vertical, [.length(1), .fill(1), .length(1)])
        #expect(parts == [
            Rect(x: 0, y: 0, width: 100, height: 1),
            Rect(x: 0, y: 1, width: 100, height: 28),
            Rect(x: 0, y: 29, width: 100, height: 1),
        ])
    }

    @Test func fill_weights_share_the_remainder_and_the_last_part_takes_the_rounding() {
        let parts = Rect(x: 2, y: 0, width: 11, height: 1).split(.horizontal, [.fill(1), .fill(2)])
        #expect(parts.map(\.width) == [3, 8])
        #expect(parts.map(\.x) == [2, 5])
    }

    @Test func percentages_are_of_what_the_fixed_parts_leave() {
        let parts = Rect(x: 0, y: 0, width: 110, height: 1).split(.horizontal, [.length(10), .percentage(50), .fill(1)])
        #expect(parts.map(\.width) == [10, 50, 50])
    }

    @Test func a_rect_too_small_for_its_constraints_never_yields_negative_sizes() {
        let parts = Rect(x: 0, y: 0, width: 3, height: 1).split(.horizontal, [.length(2), .length(5), .fill(1)])
        #expect(parts.map(\.width) == [2, 1, 0])
        #expect(parts.allSatisfy { $0.width >= 0 && $0.maxX <= 3 })
    }

    @Test func inset_and_centering_stay_inside_the_rect() {
        let area = Rect(x: 10, y: 5, width: 20, height: 6)
        #expect(area.inset(by: 1) == Rect(x: 11, y: 6, width: 18, height: 4))
        #expect(area.centered(width: 10, height: 2) == Rect(x: 15, y: 7, width: 10, height: 2))
        #expect(area.centered(width: 50, height: 50) == area)
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
    }

    @Test func size_parses_columns_by_rows_and_rejects_anything_else() {
        #expect(Size(parsing: "100x30") == Size(width: 100, height: 30))
        #expect(Size(parsing: "80X24") == Size(width: 80, height: 24))
        for bad in ["", "100", "x30", "100x", "0x10", "-1x5", "10x10x10", "ax b"] {
            #expect(Size(parsing: bad) == nil, "\(bad) should not parse")
        }
    }
}
