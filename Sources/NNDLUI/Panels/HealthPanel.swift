import Foundation
import NNDL

/// Training health, framed and centred over the dashboard (`d`): per weight matrix ‖W‖, ‖∇W‖ and the update ratio
/// ‖ΔW‖/‖W‖ (coloured outside `healthyRatio`), the dead ReLUs of the hidden layer it feeds (coloured from
/// `deadAlarm` up), then the plateau and overfitting warnings and a two-line legend.
public struct HealthPanel: Sendable {
    /// The newest report, or nil before the first measurement.
    public var report: HealthReport?
    /// The colours.
    public var colorMode: ColorMode
    /// Whether frames, headers and the legend use ASCII.
    public var ascii: Bool

    /// What the panel says before the first measurement.
    public static let waiting = "waiting for the first measurement"
    /// Update ratios inside this range are left plain (the CS231n notes' rule of thumb is about 1e-3).
    public static let healthyRatio = 1e-4...1e-2
    /// Dead fractions from this one up are coloured.
    public static let deadAlarm = 0.5

    /// A panel for `report` (nil: waiting).
    public init(report: HealthReport?, colorMode: ColorMode = .indexed256, ascii: Bool = false) {
        self.report = report
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The panel for `state`'s newest report.
    public init(_ state: AppState) {
        self.init(report: state.health, colorMode: state.colorMode, ascii: state.ascii)
    }

    /// The frame title: `Training health · it 40 · batch 200`.
    public var title: String {
        guard let report else { return "Training health" }
        let dot = ascii ? "-" : "·"
        return "Training health \(dot) it \(report.iteration) \(dot) batch \(report.batchSize)"
    }

    /// Clears a centred box inside `area` and draws the report (or the waiting notice) in it.
    public func render(into grid: inout Grid, area: Rect) {
        let frame = Palette(mode: colorMode).style(.frame)
        let rows = report.map { self.rows(of: $0, limit: area.height - 2, wrapAt: area.width - 4) }
            ?? [[(HealthPanel.waiting, Style(attributes: .dim))]]
        let widest = rows.map { $0.reduce(0) { $0 + $1.0.count } }.max() ?? 0
        let width = min(area.width - 4, max(widest, title.count + 2))
        let content = grid.drawOverlay(
            in: area, contentWidth: width, contentHeight: rows.count, title: title,
            characters: ascii ? .ascii : .unicode, style: frame)
        for (i, row) in rows.enumerated() {
            grid.write(row, x: content.x, y: content.y + i, clip: content)
        }
    }

    /// A row of styled pieces.
    typealias Row = [(String, Style)]

    /// The table, a blank row, the warnings (wrapped at `wrapAt`), a blank row and the legend, in at most `limit`
    /// rows: when they do not fit, the table's last layers give way to a `+N more layers` row.
    func rows(of report: HealthReport, limit: Int, wrapAt: Int) -> [Row] {
        let legend = self.legend(batchSize: report.batchSize)
        let width = min(wrapAt, max(HealthPanel.tableWidth(report), legend.map(\.count).max() ?? 0))
        let warnings = warningRows(report.warnings, width: width)
        let tail: [Row] = [[]] + warnings + [[]] + legend.map { [($0, Style(attributes: .dim))] }
        let layers = report.weights.count
        let room = max(1, limit - tail.count - 1)
        var table: [Row] = [header] + report.weights.indices.prefix(layers <= room ? layers : room - 1).map {
            tableRow(report, $0)
        }
        if layers > room { table.append([("+\(layers - room + 1) more layers", Style(attributes: .dim))]) }
        return Array((table + tail).prefix(max(1, limit)))
    }

    /// The column titles.
    var header: Row {
        let names = ascii ? ("|W|", "|dW|", "|upd|/|W|") : ("‖W‖", "‖∇W‖", "‖ΔW‖/‖W‖")
        let text = Format.padRight("layer", HealthPanel.nameWidth) + Format.padLeft(names.0, HealthPanel.numberWidth)
            + Format.padLeft(names.1, HealthPanel.numberWidth) + Format.padLeft(names.2, HealthPanel.numberWidth + 1)
            + "  dead ReLUs"
        return [(text, Style(attributes: .bold))]
    }

    /// One weight matrix: its name, ‖W‖, ‖∇W‖, the update ratio, and the dead ReLUs of the layer it feeds.
    func tableRow(_ report: HealthReport, _ k: Int) -> Row {
        let w = report.weights[k]
        let alarm = Palette(mode: colorMode).style(.error, .bold, monochrome: .reverse)
        let ratio = w.updateRatio.map { HealthPanel.scientific($0) } ?? "-"
        let offRatio = w.updateRatio.map { !HealthPanel.healthyRatio.contains($0) } ?? false
        var row: Row = [
            (Format.padRight(w.name, HealthPanel.nameWidth), Style(attributes: .bold)),
            (Format.padLeft(HealthPanel.scientific(w.weightNorm), HealthPanel.numberWidth), .plain),
            (Format.padLeft(HealthPanel.scientific(w.gradientNorm), HealthPanel.numberWidth), .plain),
            (Format.padLeft("", HealthPanel.numberWidth + 1 - ratio.count), .plain),
            (ratio, offRatio ? alarm : .plain),
            ("  ", .plain),
        ]
        if let dead = report.deadReLUs.first(where: { $0.layer == k + 1 }) {
            let text = "\(dead.dead)/\(dead.units) (\(Format.fixed(100 * dead.fraction, places: 1))%)"
            row.append((text, dead.fraction >= HealthPanel.deadAlarm ? alarm : .plain))
        } else {
            row.append(("-", Style(attributes: .dim)))
        }
        return row
    }

    /// `! text` per warning, wrapped at `width`; a dim all-clear line when there is none.
    func warningRows(_ warnings: [HealthWarning], width: Int) -> [Row] {
        guard !warnings.isEmpty else { return [[("no plateau or overfitting warning", Style(attributes: .dim))]] }
        let style = Palette(mode: colorMode).style(.error, .bold, monochrome: .bold)
        return warnings.flatMap { warning in
            HealthPanel.wrap(warning.text, width: max(10, width - 2)).enumerated().map { i, line in
                [((i == 0 ? "! " : "  ") + line, style)]
            }
        }
    }

    /// What the colours and the dead count mean.
    func legend(batchSize: Int) -> [String] {
        let ratio = ascii ? "|upd|/|W| about 1e-3 is healthy; coloured outside 1e-4..1e-2"
            : "‖ΔW‖/‖W‖ about 1e-3 is healthy; coloured outside 1e-4…1e-2"
        return [ratio, "dead: ReLU output 0 for all \(batchSize) rows of the minibatch"]
    }

    // MARK: - Layout and formatting

    /// Characters of the layer-name column.
    static let nameWidth = 6
    /// Characters of a number column.
    static let numberWidth = 10

    /// Characters of the table's widest row.
    static func tableWidth(_ report: HealthReport) -> Int {
        let dead = report.deadReLUs.map { "\($0.dead)/\($0.units) (100.0%)".count }.max() ?? 1
        return nameWidth + 3 * numberWidth + 1 + 2 + max("dead ReLUs".count, dead)
    }

    /// `1.23e-03`; `nan` and `inf` spelled out.
    static func scientific(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2e", value) : Format.number(value)
    }

    /// `text` split at spaces into lines of at most `width` characters (a longer word gets a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + (line.isEmpty ? [] : [line])
    }
}
