import Simulation
import TerminalKit

/// The bottom line: the footer entries of the key map, most useful first, cut at the edge.
enum FooterBar {
    /// The order the legend shows its entries in; what does not fit at the edge is in `?`.
    static let priority: [Action] = [
        .quit, .toggleHelp, .togglePause, .openLessonMenu, .spawnTask, .cancelSelectedTask, .openTaskDetail, .morePermits, .addWorker,
        .fasterProducers, .addConsumer, .growQueue, .slowerClock, .startLogFilter, .cycleStateFilter,
        .sortByNextColumn, .sortByPreviousColumn,
    ]

    static var entries: [(keys: String, word: String)] {
        priority.compactMap { action in
            guard let binding = KeyMap.bindings.first(where: { $0.action == action }), let word = binding.footer else {
                return nil
            }
            return (binding.pairKeys ?? binding.keys[0].label, word)
        }
    }

    static func render(theme: Theme, in area: Rect, buffer: inout ScreenBuffer) {
        buffer.fill(area)
        var x = area.x
        for entry in entries {
            x = buffer.write(" \(entry.keys) ", x: x, y: area.y, style: theme.key, clip: area)
            x = buffer.write(" \(entry.word) ", x: x, y: area.y, style: theme.keyLabel, clip: area)
            if x >= area.maxX { break }
        }
    }
}
