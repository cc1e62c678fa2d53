import AsyncDemoCore
import Simulation
import TerminalKit

/// The task detail's time breakdown, as tokio-console's busy / idle and `go tool trace`'s
/// execution / block-by-reason figures: how the task's life so far divides among its
/// activities, as a stacked bar (a glyph per activity, so it reads without colour) and a legend
/// line per activity with its time and share. Activities keep one order (not largest first), so
/// the lines stay put while a live task's figures grow.
enum TaskBreakdownSection {
    typealias Line = TaskDetailOverlay.Line

    /// The section's lines for `task` at the figures' instant; a task the history no longer
    /// keeps says so rather than show zeros.
    static func lines(for task: TaskID, in figures: HistoryFigures, barWidth: Int, theme: Theme) -> [Line] {
        guard let breakdown = figures.breakdowns[task] else {
            return [Line("time by activity: no longer kept (kept \(Format.seconds(figures.retention)) after a task ends, for at most \(figures.finishedLimit) tasks)", theme.dim)]
        }
        let activities = LaneActivity.allCases.filter { breakdown[$0] > .zero }
        guard !activities.isEmpty else { return [Line("time by activity: none yet (spawned at this instant)", theme.dim)] }
        let nanoseconds = activities.map { breakdown[$0].wholeNanoseconds }
        let cells = apportion(nanoseconds, into: barWidth)
        let percents = apportion(nanoseconds, into: 100)
        var lines = [Line("time by activity since spawn (\(Format.seconds(breakdown.total)))", theme.title)]
        let bar = zip(activities, cells).compactMap { activity, count in
            count == 0 ? nil : (String(repeating: ActivityLook.glyph(activity), count: count), ActivityLook.style(activity, theme: theme))
        }
        lines.append(Line(spans: [("  ", theme.text)] + bar))
        for (index, activity) in activities.enumerated() {
            let share = percents[index] == 0 ? "<1%" : "\(percents[index])%"
            let figures = Text.padded(activity.description, toWidth: 21)
                + rightAligned(Format.seconds(breakdown[activity]), toWidth: 7) + rightAligned(share, toWidth: 5)
            let style = ActivityLook.style(activity, theme: theme)
            lines.append(Line(spans: [("  ", theme.text), ("\(ActivityLook.glyph(activity)) ", style), (figures, theme.text)]))
        }
        return lines
    }

    private static func rightAligned(_ text: String, toWidth width: Int) -> String {
        String(repeating: " ", count: max(0, width - CharacterWidth.of(text))) + text
    }

    /// `total` units shared out in proportion to `parts` (largest remainders first, the earlier
    /// part on a tie), so the shares always add up to `total`: a bar of exactly its width,
    /// percents of exactly 100.
    static func apportion(_ parts: [Int64], into total: Int) -> [Int] {
        let sum = parts.reduce(0, +)
        guard sum > 0, total > 0 else { return parts.map { _ in 0 } }
        let exact = parts.map { Double($0) * Double(total) / Double(sum) }
        var shares = exact.map { Int($0.rounded(.down)) }
        let remainders = exact.indices.map { exact[$0] - Double(shares[$0]) }
        let byRemainder = exact.indices.sorted { remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1) }
        for index in byRemainder.prefix(total - shares.reduce(0, +)) { shares[index] += 1 }
        return shares
    }
}
