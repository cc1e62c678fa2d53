import Foundation

/// What the soak checks on every screen it captures. A frame shows one simulated instant, so the
/// figures on it must agree exactly; a pane that is hidden (help, a scene, a tiny terminal) or
/// cut at its edge (a number shortened) is not read at all, never misread.
struct SoakInvariants {
    /// Screens on which the Queue pane's conservation line and the Workers gauge were read.
    private(set) var queueReadings = 0
    private(set) var permitReadings = 0
    private(set) var violations: [String] = []

    /// `sent S = received R + queued Q ✓`: only with the mark after it, so a cut number is not read.
    private static var conservation: Regex<(Substring, Substring, Substring, Substring)> { /sent (\d+) = received (\d+) \+ queued (\d+) [✓✗]/ }
    /// `3/3 held, 2 waiting`: only whole ("waiting" after the count).
    private static var permits: Regex<(Substring, Substring, Substring, Substring)> { /(\d+)\/(\d+) held, (\d+) waiting/ }

    /// - Parameter decreasesSent: how many `-` keys (one permit fewer) were sent so far. After a
    ///   decrease the semaphore may still have more permits held than it now has; each one
    ///   widens the gap by at most one, and no permit is granted while the gap is open.
    mutating func check(_ screen: String, decreasesSent: Int) {
        for line in screen.split(separator: "\n") {
            if let match = line.firstMatch(of: Self.conservation),
               let sent = Int(match.1), let received = Int(match.2), let queued = Int(match.3) {
                queueReadings += 1
                if sent != received + queued { violations.append("sent \(sent) != received \(received) + queued \(queued)") }
            }
            if let match = line.firstMatch(of: Self.permits),
               let held = Int(match.1), let permits = Int(match.2), let waiting = Int(match.3) {
                permitReadings += 1
                if held > permits + decreasesSent {
                    violations.append("\(held) permits held of \(permits), with only \(decreasesSent) decreases")
                }
                if waiting > 0, held < permits {
                    violations.append("\(waiting) waiting while only \(held) of \(permits) permits are held")
                }
            }
        }
    }

    /// Once things have settled, nothing may hold more permits than there are.
    static func heldWithinPermits(_ screen: String) -> Bool? {
        for line in screen.split(separator: "\n") {
            if let match = line.firstMatch(of: permits), let held = Int(match.1), let permits = Int(match.2) {
                return held <= permits
            }
        }
        return nil
    }
}
