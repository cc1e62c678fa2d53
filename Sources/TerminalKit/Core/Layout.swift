/// How much of a split one part asks for, as in ratatui: fixed lengths and minimums are served
/// first, percentages next, and whatever is left is shared among `fill` parts by weight.
public enum Constraint: Hashable, Sendable {
    case length(Int)
    case min(Int)
    case percentage(Int)
    case fill(Int)
}

public enum Axis: Sendable {
    case horizontal
    case vertical
}

public extension Rect {
    /// Splits the rect along `axis`; the parts are adjacent, cover at most the rect, and never
    /// have negative sizes however small the rect is.
    func split(_ axis: Axis, _ constraints: [Constraint]) -> [Rect] {
        let total = axis == .horizontal ? width : height
        var sizes = Array(repeating: 0, count: constraints.count)
        var remaining = total
        for (index, constraint) in constraints.enumerated() {
            switch constraint {
            case .length(let n), .min(let n):
                sizes[index] = Swift.min(Swift.max(0, n), remaining)
                remaining -= sizes[index]
            case .percentage, .fill: break
            }
        }
        let afterFixed = remaining
        for (index, constraint) in constraints.enumerated() {
            if case .percentage(let p) = constraint {
                sizes[index] = Swift.min(afterFixed * Swift.max(0, p) / 100, remaining)
                remaining -= sizes[index]
            }
        }
        let growers = constraints.enumerated().compactMap { index, constraint -> (Int, Int)? in
            switch constraint {
            case .fill(let weight): return (index, Swift.max(1, weight))
            case .min: return (index, 1)
            default: return nil
            }
        }
        let fillOnly = growers.filter { if case .fill = constraints[$0.0] { true } else { false } }
        let sharers = fillOnly.isEmpty ? growers : fillOnly
        let weightSum = sharers.reduce(0) { $0 + $1.1 }
        if weightSum > 0, remaining > 0 {
            var handedOut = 0
            for (position, (index, weight)) in sharers.enumerated() {
                let share = position == sharers.count - 1 ? remaining - handedOut : remaining * weight / weightSum
                sizes[index] += share
                handedOut += share
            }
        }
        var offset = axis == .horizontal ? x : y
        return sizes.map { size in
            defer { offset += size }
            return axis == .horizontal
                ? Rect(x: offset, y: y, width: size, height: height)
                : Rect(x: x, y: offset, width: width, height: size)
        }
    }
}
