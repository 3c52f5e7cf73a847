import Foundation
import NNDL

/// The sweep's table: a row a run (its settings, state, iteration, best validation accuracy and a loss sparkline),
/// in `SweepState.order`; the best run is marked `★` and bold, the selected one `▸` in reverse video.
public struct SweepTable: Sendable {
    /// The sweep.
    public var state: SweepState

    /// The table of `state`.
    public init(_ state: SweepState) {
        self.state = state
    }

    /// A setting column is at most this wide (longer values end in `…`).
    public static let maxSettingWidth = 16
    /// The run column of `watch` is at most this wide (longer paths keep their end).
    public static let maxLabelWidth = 28
    /// The narrowest sparkline drawn (narrower tables leave it out).
    public static let minSparklineWidth = 4

    /// One column: its header, width and alignment.
    struct Column {
        let title: String
        let width: Int
        let rightAligned: Bool
    }

    /// The header of a grid key: its last path component (`solver.learningRate` → `learningRate`).
    static func title(of key: String) -> String { key.split(separator: ".").last.map(String.init) ?? key }

    /// The fixed columns (everything but the marker and the sparkline).
    func columns() -> [Column] {
        var out: [Column]
        if state.watching == nil {
            out = [Column(title: "#", width: max(1, String(max(0, state.runs.count - 1)).count), rightAligned: true)]
        } else {
            let widest = state.runs.map(\.label.count).max() ?? 0
            out = [Column(title: "run", width: min(SweepTable.maxLabelWidth, max(3, widest)), rightAligned: false)]
        }
        for (a, key) in state.axes.enumerated() {
            let widest = state.runs.map { $0.settings.indices.contains(a) ? $0.settings[a].count : 0 }.max() ?? 0
            let width = min(SweepTable.maxSettingWidth, max(SweepTable.title(of: key).count, widest))
            out.append(Column(title: SweepTable.title(of: key), width: width, rightAligned: false))
        }
        let iterWidth = state.runs.map { iterationText($0).count }.max() ?? 0
        out.append(Column(title: "state", width: 8, rightAligned: false))
        out.append(Column(title: "iter", width: max(4, iterWidth), rightAligned: true))
        if state.ranking == .final { out.append(Column(title: "final val", width: 9, rightAligned: true)) }
        out.append(Column(title: "best val", width: 8, rightAligned: true))
        if state.watching != nil { out.append(Column(title: "updated", width: 7, rightAligned: true)) }
        return out
    }

    /// How long ago `run`'s files last changed: `12s`, `5m`, `3h`, `2d`; `-` when unknown.
    func ageText(_ run: SweepRun) -> String {
        guard let clock = state.wallClock, let last = run.lastUpdate else { return "-" }
        let seconds = max(0, Int(clock - last))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<7200: return "\(seconds / 60)m"
        case ..<172_800: return "\(seconds / 3600)h"
        default: return "\(seconds / 86400)d"
        }
    }

    /// `label` cut to `width` from the left (`…/point-3`), so the end of a long path shows.
    func labelText(_ run: SweepRun, width: Int) -> String {
        guard run.label.count > width else { return run.label }
        return (state.ascii ? "~" : "…") + String(run.label.suffix(width - 1))
    }

    /// `iteration/total`, or `-` before the first iteration.
    func iterationText(_ run: SweepRun) -> String {
        guard let r = run.dashboard.lastIteration else { return "-" }
        return "\(r.iteration)/\(r.totalIterations)"
    }

    /// The fixed cells of `run`, one per column.
    func cells(_ run: SweepRun) -> [String] {
        var out = [state.watching == nil ? run.label : labelText(run, width: SweepTable.maxLabelWidth)]
        for a in state.axes.indices { out.append(run.settings.indices.contains(a) ? run.settings[a] : "") }
        out.append(run.status.word)
        out.append(iterationText(run))
        if state.ranking == .final { out.append(run.finalValAccuracy.map { Format.fixed($0, places: 4) } ?? "-") }
        out.append(run.bestValAccuracy.map { Format.fixed($0, places: 4) } ?? "-")
        if state.watching != nil { out.append(ageText(run)) }
        return out
    }

    /// `text` fitted to `column`: padded, or cut with `…` (`~` in ASCII).
    func fit(_ text: String, _ column: Column) -> String {
        if text.count > column.width {
            return String(text.prefix(max(0, column.width - 1))) + (state.ascii ? "~" : "…")
        }
        return column.rightAligned ? Format.padLeft(text, column.width) : Format.padRight(text, column.width)
    }

    /// Draws the header and as many rows as fit, scrolled so the selected run shows.
    public func render(into grid: inout Grid, area: Rect) {
        guard area.height >= 1, area.width >= 1 else { return }
        let columns = columns()
        let fixed = 3 + columns.reduce(0) { $0 + $1.width + 2 }
        let sparkWidth = area.width - fixed - 1
        let header = "   " + columns.map { fit($0.title, $0) }.joined(separator: "  ")
            + (sparkWidth >= SweepTable.minSparklineWidth ? "  loss" : "")
        grid.write(header, x: area.x, y: area.y, clip: area, style: Style(attributes: .bold))
        let rows = state.order, visible = area.height - 1
        let position = rows.firstIndex(of: state.selected) ?? 0
        let offset = max(0, position - visible + 1)
        let range = state.lossRange
        for (line, i) in rows.dropFirst(offset).prefix(max(0, visible)).enumerated() {
            let row = Rect(x: area.x, y: area.y + 1 + line, width: area.width, height: 1)
            renderRow(state.runs[i], columns: columns, sparkWidth: sparkWidth, range: range, into: &grid, row: row)
        }
    }

    /// One run's row in `row`, its sparkline on the scale `range` all rows share.
    func renderRow(
        _ run: SweepRun, columns: [Column], sparkWidth: Int, range: ClosedRange<Double>?, into grid: inout Grid, row: Rect
    ) {
        let palette = Palette(mode: state.colorMode)
        let selected = run.index == state.selected, best = run.index == state.best
        var base = best ? Style(attributes: .bold) : .plain
        if selected { base = base.adding(.reverse) }
        if selected { grid.fill(row, with: base.cell(" ")) }
        let marker = (selected ? (state.ascii ? ">" : "▸") : " ") + (best ? (state.ascii ? "*" : "★") : " ")
        var x = grid.write(marker + " ", x: row.x, y: row.y, clip: row, style: base)
        let texts = cells(run)
        // The status column follows the index and the settings; the ranking's accuracy column follows `iter`.
        let statusColumn = 1 + state.axes.count, rankColumn = statusColumn + 2
        for (k, column) in columns.enumerated() {
            var style = base
            if k == statusColumn { style.foreground = palette.color(SweepTable.role(run.status)) }
            if k == rankColumn && best { style.foreground = palette.color(.best) }
            x = grid.write(fit(texts[k], column), x: x, y: row.y, clip: row, style: style) + 2
        }
        guard sparkWidth >= SweepTable.minSparklineWidth else { return }
        let values = run.dashboard.loss.buckets.map(\.mean)
        let spark = SweepTable.sparkline(values, range: range, ascii: state.ascii).text(width: sparkWidth)
        grid.write(spark, x: x, y: row.y, clip: row, style: selected ? base : palette.style(.smoothedLoss))
    }

    /// A run's loss sparkline on the table's shared scale: on log10 of the loss when the whole range is positive
    /// (losses span decades; a run at 2.3 and one at 0.5 stay apart), else as they are.
    static func sparkline(_ values: [Double], range: ClosedRange<Double>?, ascii: Bool) -> Sparkline {
        guard let range, range.lowerBound > 0 else { return Sparkline(values: values, ascii: ascii, range: range) }
        return Sparkline(values: values.map { $0 > 0 ? log10($0) : $0 }, ascii: ascii,
                         range: log10(range.lowerBound)...log10(range.upperBound))
    }

    /// The colour of a status word.
    static func role(_ status: SweepRunStatus) -> ColorRole {
        switch status {
        case .queued, .ended(.stopped): return .stopped
        case .stale: return .paused
        case .running: return .running
        case .paused: return .paused
        case .ended(.done): return .done
        case .ended(.diverged), .ended(.failed): return .diverged
        }
    }
}
