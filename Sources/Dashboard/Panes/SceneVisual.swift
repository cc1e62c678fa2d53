import AsyncDemoCore
import Simulation
import Lessons
import TerminalKit

/// What a scene draws from its example's marks, between the code and the transcript: timelines
/// whose bars race (sequential against concurrent), countdown bars (timeouts), a generator's
/// state and newest values. Pure: the marks, the lesson time and a width give the rows.
enum SceneVisual {
    /// One row: runs of text, each in its style, left to right.
    struct Row {
        var spans: [(text: String, style: Style)] = []

        mutating func add(_ text: String, _ style: Style) { spans.append((text, style)) }
    }

    /// The rows for `marks` at lesson time `now`; none when the example marks nothing. A run
    /// that has ended (`live` false) is drawn as of its last mark: what was still open was cut.
    /// Timelines that would take more than `maxRows` rows are drawn compact, a lane to a row.
    static func rows(_ marks: [SceneMark], now: Duration, live: Bool, width: Int, maxRows: Int = .max,
                     theme: Theme) -> [Row] {
        guard width > 0, let last = marks.last else { return [] }
        let now = live ? max(now, last.at) : last.at
        var rows = Timelines(marks).rows(now: now, live: live, width: width, maxRows: maxRows, theme: theme)
        rows += gaugeRows(marks, width: width, theme: theme)
        rows += holderRows(marks, width: width, theme: theme)
        rows += countdownRows(marks, now: now, live: live, width: width, theme: theme)
        rows += generatorRows(marks, live: live, width: width, theme: theme)
        return rows
    }

    /// `1.20 s`
    static func seconds(_ duration: Duration) -> String { "\(Narrator.seconds(duration)) s" }

    // MARK: Gauges

    /// Each gauge's newest reading, in the order the gauges first appeared.
    static func gaugeRows(_ marks: [SceneMark], width: Int, theme: Theme) -> [Row] {
        var order: [String] = []
        var latest: [String: (value: Int, limit: Int, note: String)] = [:]
        for mark in marks {
            guard case .gauge(let label, let value, let limit, let note) = mark.kind else { continue }
            if latest[label] == nil { order.append(label) }
            latest[label] = (value, limit, note)
        }
        let labelWidth = min(16, order.map { CharacterWidth.of($0) }.max() ?? 0)
        let countWidth = order.compactMap { latest[$0] }.map { max("\($0.value)".count, "\($0.limit)".count) * 2 + 1 }.max() ?? 0
        // The bar gives way to the longest note, down to 8 cells: the words say who waits.
        let noteWidth = order.compactMap { latest[$0] }.map { $0.note.isEmpty ? 0 : CharacterWidth.of($0.note) + 3 }.max() ?? 0
        let barWidth = max(min(8, max(0, width - labelWidth - countWidth - 3)),
                           min(24, width - labelWidth - countWidth - 2 - max(12, noteWidth)))
        return order.compactMap { label in
            guard let reading = latest[label] else { return nil }
            let fraction = Double(reading.value) / Double(max(1, reading.limit))
            let style = reading.value > reading.limit ? theme.error : fraction >= 1 ? theme.warning : theme.ok
            var row = Row()
            row.add(Text.padded(label, toWidth: labelWidth) + " ", theme.text)
            let (filled, track) = Gauge.bar(fraction, width: barWidth)
            row.add(filled, style)
            row.add(track, theme.dim)
            let count = "\(reading.value)/\(reading.limit)"
            row.add(" " + String(repeating: " ", count: max(0, countWidth - count.count)) + count, theme.text)
            if !reading.note.isEmpty { row.add(" · " + reading.note, theme.dim) }
            return row
        }
    }

    // MARK: Holders and their line

    /// The newest reading of who holds a permit and who waits, first in line first, with the
    /// Workers pane's glyphs; names that do not fit are counted.
    static func holderRows(_ marks: [SceneMark], width: Int, theme: Theme) -> [Row] {
        guard let (holding, waiting) = marks.lazy.reversed().compactMap({ mark -> ([String], [String])? in
            if case .holders(let holding, let waiting) = mark.kind { (holding, waiting) } else { nil }
        }).first else { return [] }
        func row(_ title: String, _ glyph: String, _ names: [String], _ style: Style, empty: String) -> Row {
            var row = Row()
            row.add(Text.padded(title, toWidth: 9), theme.text)
            guard !names.isEmpty else {
                row.add(empty, theme.dim)
                return row
            }
            var used = 9
            for (index, name) in names.enumerated() {
                let item = "\(glyph) \(name)  "
                let rest = names.count - index
                // Room for this name and, if more follow, for the count of those left out.
                guard used + CharacterWidth.of(item) + (rest > 1 ? 8 : 0) <= width || rest == 1 && used + CharacterWidth.of(item) <= width else {
                    row.add("+\(rest) more", theme.dim)
                    return row
                }
                row.add(item, style)
                used += CharacterWidth.of(item)
            }
            return row
        }
        return [
            row("holding", "●", holding, theme.busy, empty: "nobody"),
            row("in line", "◌", waiting, theme.warning, empty: "nobody waits"),
        ]
    }

    // MARK: Countdowns

    static func countdownRows(_ marks: [SceneMark], now: Duration, live: Bool, width: Int, theme: Theme) -> [Row] {
        struct Countdown { let label: String, start: Duration, limit: Duration; var end: (at: Duration, timedOut: Bool)? }
        var countdowns: [Countdown] = []
        for mark in marks {
            switch mark.kind {
            case .countdownStarted(let label, let limit):
                countdowns.append(Countdown(label: label, start: mark.at, limit: limit))
            case .countdownEnded(let label, let timedOut):
                if let index = countdowns.lastIndex(where: { $0.label == label && $0.end == nil }) {
                    countdowns[index].end = (mark.at, timedOut)
                }
            default: break
            }
        }
        let labelWidth = min(12, countdowns.map { CharacterWidth.of($0.label) }.max() ?? 0)
        return countdowns.map { countdown in
            let used = (countdown.end?.at ?? now) - countdown.start
            let fraction = used.inSeconds / max(countdown.limit.inSeconds, 0.001)
            let (words, style): (String, Style) = switch countdown.end {
            case (_, true)?: ("timed out at \(seconds(used))", theme.error)
            case (_, false)?: ("answered in \(seconds(used))", theme.ok)
            case nil where !live: ("cut short", theme.warning)
            case nil: ("\(seconds(max(.zero, countdown.limit - used))) left", fraction > 0.75 ? theme.warning : theme.busy)
            }
            var row = Row()
            row.add(Text.padded(countdown.label, toWidth: labelWidth) + " ", theme.text)
            // Every row's bar as wide, so the limits line up: room for the longest words.
            let barWidth = max(0, min(30, width - labelWidth - 2 - CharacterWidth.of("timed out at 00.00 s")))
            let (filled, track) = Gauge.bar(fraction, width: barWidth)
            row.add(filled, style)
            row.add(track, theme.dim)
            row.add(" " + words, style)
            return row
        }
    }

    // MARK: Generator

    static func generatorRows(_ marks: [SceneMark], live: Bool, width: Int, theme: Theme) -> [Row] {
        var status: SceneMark.GeneratorStatus?
        var values: [Int] = []
        for mark in marks {
            switch mark.kind {
            case .generator(let next): status = next
            case .generated(let value): values.append(value)
            default: break
            }
        }
        guard let status else { return [] }
        var state = Row()
        state.add("generator ", theme.text)
        switch (status, live) {
        case (.running, true):
            state.add("▶ running", theme.ok)
            state.add(" · g pauses · G stops", theme.dim)
        case (.paused, true):
            state.add("‖ paused", theme.warning)
            state.add(" · g resumes · G stops", theme.dim)
        default:
            state.add("■ stopped", theme.busy)
        }
        var strip = Row()
        strip.add("values    ", theme.text)
        // Newest right; as many as fit, oldest dropped first.
        var shown: [String] = []
        var used = 10
        for value in values.reversed() {
            let text = "\(value) "
            guard used + text.count <= width else { break }
            shown.insert(text, at: 0)
            used += text.count
        }
        strip.add(shown.isEmpty ? "none yet" : shown.joined(), shown.isEmpty ? theme.dim : theme.ok)
        return [state, strip]
    }
}

/// The timeline marks gathered into tracks, each drawn from its own first bar so that two ways
/// of doing the same work start side by side and race. Each bar has a row of its own, named in
/// a gutter left of the axis, so no label covers the time a bar stands for.
struct Timelines {
    struct Bar {
        let label: String
        let start: Duration
        var end: (at: Duration, ending: SceneMark.BarEnding)?
    }

    struct Track {
        let name: String
        var bars: [Bar] = []
        var origin: Duration { bars.first?.start ?? .zero }
        var isDone: Bool { !bars.isEmpty && bars.allSatisfy { $0.end != nil } }
        /// Every bar ended finished: the track did all of its work.
        var finishedAll: Bool { !bars.isEmpty && bars.allSatisfy { $0.end?.ending == .finished } }

        func extent(now: Duration) -> Duration {
            (bars.map { $0.end?.at ?? now }.max() ?? origin) - origin
        }

        /// Bars that overlap in time go on lanes of their own; one after another share a lane.
        var lanes: [[Bar]] {
            var lanes: [[Bar]] = []
            for bar in bars {
                if let free = lanes.firstIndex(where: { lane in lane.last.map { $0.end.map { $0.at <= bar.start } ?? false } ?? true }) {
                    lanes[free].append(bar)
                } else {
                    lanes.append([bar])
                }
            }
            return lanes
        }

        /// A row per bar, or compact, a row per lane.
        func rows(compact: Bool) -> [[Bar]] { compact ? lanes : bars.map { [$0] } }
    }

    private(set) var tracks: [Track] = []
    private(set) var minimumSpan: Duration = .zero

    init(_ marks: [SceneMark]) {
        for mark in marks {
            switch mark.kind {
            case .timelineSpan(let span): minimumSpan = span
            case .barStarted(let track, let label):
                if let index = tracks.firstIndex(where: { $0.name == track }) {
                    tracks[index].bars.append(Bar(label: label, start: mark.at))
                } else {
                    tracks.append(Track(name: track, bars: [Bar(label: label, start: mark.at)]))
                }
            case .barEnded(let track, let label, let ending):
                guard let index = tracks.firstIndex(where: { $0.name == track }),
                      let bar = tracks[index].bars.lastIndex(where: { $0.label == label && $0.end == nil }) else { continue }
                tracks[index].bars[bar].end = (mark.at, ending)
            default: continue
            }
        }
    }

    typealias Row = SceneVisual.Row

    /// A row per bar, each named in the gutter; when those with the axis and verdict take more
    /// than `maxRows`, a row per lane, bars one after another shaded in turn (█ ▓) and named
    /// in order in the gutter.
    func rows(now: Duration, live: Bool, width: Int, maxRows: Int = .max, theme: Theme) -> [Row] {
        guard !tracks.isEmpty else { return [] }
        let verdictRows = verdict(now: now, live: live, theme: theme) == nil ? 0 : 1
        let compact = tracks.map(\.bars.count).reduce(0, +) + 1 + verdictRows > maxRows
        func name(_ lane: [Bar]) -> String { lane.map(\.label).joined(separator: " ") }
        let span = max(minimumSpan, tracks.map { $0.extent(now: now) }.max() ?? .zero, .milliseconds(1))
        let trackWidth = min(12, tracks.map { CharacterWidth.of($0.name) }.max() ?? 0)
        let labelWidth = min(10, tracks.flatMap { $0.rows(compact: compact) }.map { CharacterWidth.of(name($0)) }.max() ?? 0)
        let gutter = trackWidth + 1 + labelWidth + 1
        let totalWidth = 9
        let barWidth = max(1, width - gutter - totalWidth)
        func column(_ time: Duration) -> Int {
            // Clamped before converting: marks out of order must not make an Int of nonsense.
            let fraction = min(1, max(0, time.inSeconds / span.inSeconds))
            return Int((fraction * Double(barWidth)).rounded())
        }
        var rows: [Row] = []
        for track in tracks {
            for (index, lane) in track.rows(compact: compact).enumerated() {
                var row = Row()
                row.add(Text.padded(index == 0 ? track.name : "", toWidth: trackWidth) + " ", theme.text)
                row.add(Text.padded(Text.truncated(name(lane), toWidth: labelWidth), toWidth: labelWidth) + " ", theme.dim)
                var cells = 0
                for (position, bar) in lane.enumerated() {
                    let from = max(cells, min(barWidth - 1, column(bar.start - track.origin)))
                    let to = min(barWidth, max(from + 1, column((bar.end?.at ?? now) - track.origin)))
                    guard to > from else { continue }
                    let (style, glyph) = Self.look(bar.end?.ending, live: live, theme: theme)
                    let fill = position.isMultiple(of: 2) ? "█" : "▓"
                    row.add(String(repeating: " ", count: from - cells), theme.dim)
                    row.add(String(repeating: fill, count: max(0, to - from - (glyph == nil ? 0 : 1))), style)
                    if let glyph { row.add(String(glyph), style) }
                    cells = to
                }
                row.add(String(repeating: " ", count: max(0, barWidth - cells)), theme.dim)
                if index == 0 {
                    let total = SceneVisual.seconds(track.extent(now: now))
                    row.add(" " + Text.padded(total, toWidth: totalWidth - 1), track.isDone ? theme.ok : theme.busy)
                }
                rows.append(row)
            }
        }
        let verdict = verdict(now: now, live: live, theme: theme)
        // Still too many rows (bars that overlap need a lane each): the verdict matters more than
        // the axis, whose span each track's total already tells.
        if rows.count + 1 + verdictRows <= maxRows || verdict == nil {
            var axis = Row()
            let end = SceneVisual.seconds(span)
            axis.add(String(repeating: " ", count: gutter) + "0 s", theme.dim)
            axis.add(String(repeating: "·", count: max(1, barWidth - 3 - CharacterWidth.of(end))) + end, theme.dim)
            rows.append(axis)
        }
        if let verdict { rows.append(verdict) }
        return rows
    }

    /// Only the same bars done two ways (one by one, together) are a race, and only once both
    /// ways did all of that work: a run that failed or was cut short did less, so it is said what
    /// became of it instead of how much sooner it stopped.
    func verdict(now: Duration, live: Bool, theme: Theme) -> Row? {
        guard tracks.count == 2, Set(tracks[0].bars.map(\.label)) == Set(tracks[1].bars.map(\.label)) else { return nil }
        var verdict = Row()
        if tracks.allSatisfy(\.finishedAll) {
            let sorted = tracks.sorted { $0.extent(now: now) < $1.extent(now: now) }
            let (fast, slow) = (sorted[0].extent(now: now), sorted[1].extent(now: now))
            verdict.add("→ \(sorted[0].name) ", theme.text)
            verdict.add(Format.oneDecimal(slow.inSeconds / max(fast.inSeconds, 0.001)) + "x sooner", theme.ok)
            verdict.add(" (\(SceneVisual.seconds(fast)) vs \(SceneVisual.seconds(slow)))", theme.text)
            return verdict
        }
        // Still running, every bar either finished or yet to end: no verdict yet, nothing went wrong.
        let unfinished = tracks.filter { track in track.bars.contains { bar in
            bar.end.map { $0.ending != .finished } ?? !live
        } }
        guard let track = unfinished.first else { return nil }
        let failed = track.bars.filter { $0.end?.ending == .failed }.count
        let cut = track.bars.count - failed - track.bars.filter { $0.end?.ending == .finished }.count
        let what = [failed > 0 ? "\(failed) failed" : nil, cut > 0 ? "\(cut) cancelled" : nil].compactMap { $0 }
        verdict.add("→ \(track.name): " + what.joined(separator: ", "), failed > 0 ? theme.error : theme.warning)
        verdict.add(" — no comparison", theme.text)
        return verdict
    }

    /// A bar's colour, and the glyph that ends it when colour is not enough to tell (NO_COLOR).
    static func look(_ ending: SceneMark.BarEnding?, live: Bool, theme: Theme) -> (Style, Character?) {
        switch ending {
        case .finished?: (theme.ok, nil)
        case .failed?: (theme.error, "✗")
        case .cancelled?: (theme.warning, "⊘")
        case nil: live ? (theme.busy, "▶") : (theme.warning, "⊘")
        }
    }
}
