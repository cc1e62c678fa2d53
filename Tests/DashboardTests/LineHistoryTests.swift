import Testing
import TestSupport

@testable import Dashboard
@testable import Simulation

@Suite("Log history in chunks")
struct LineHistoryTests {
    @Test func random_appends_and_drops_match_a_plain_array() {
        var random = SeededRandom(seed: 7)
        var history = LineHistory()
        var model: [String] = []
        for step in 0..<5_000 {
            if random.chance(70) || model.isEmpty {
                let batch = (0..<Int.random(in: 1...300, using: &random)).map { "s\(step) l\($0)" }
                history.append(contentsOf: batch)
                model += batch
            } else {
                let drop = Int.random(in: 0...model.count, using: &random)
                history.removeFirst(drop)
                model.removeFirst(drop)
            }
            guard history.count == model.count, history.first == model.first, history.last == model.last else {
                Issue.record("step \(step): \(history.count) lines against \(model.count)")
                return
            }
        }
        #expect(Array(history) == model)
        #expect(Array(history.reversed().prefix(3)) == Array(model.reversed().prefix(3)))
    }

    @Test func a_published_copy_is_untouched_by_later_appends_and_drops() {
        var history = LineHistory((1...600).map { "line \($0)" })
        let published = history
        history.append("line 601")
        history.removeFirst(300)
        #expect(published.count == 600 && published.last == "line 600" && published.first == "line 1")
        #expect(history.count == 301 && history.first == "line 301" && history.last == "line 601")
    }

    @Test func dropping_everything_leaves_an_empty_history_that_grows_again() {
        var history: LineHistory = ["a", "b"]
        history.removeFirst(2)
        #expect(history.isEmpty)
        history.append("c")
        #expect(Array(history) == ["c"])
    }
}
